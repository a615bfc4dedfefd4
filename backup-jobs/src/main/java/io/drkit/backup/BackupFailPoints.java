package io.drkit.backup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.drkit.core.batch.StopSignal;

/**
 * Places where the restart tests make a backup die or fail on purpose, the way a kill -9 or a
 * network failure would. All off unless set ({@code drkit.fail-points.*}); never set in production.
 *
 * @param haltAfterSnapshot halt the JVM right after the snapshot step
 * @param haltAfterParts halt the JVM once this many parts are stored (0: never)
 * @param haltBeforeManifest halt the JVM when every part is stored but the manifest is not written
 * @param failPartOnce make the part with this number in the plan fail once (-1: never)
 * @param haltAfterChanges halt an incremental backup when its change parts are stored, before its manifest
 * @param haltBeforeSlotConfirm halt an incremental backup after its manifest, before the slot is moved past it
 * @param holdPartBeforeReading hold each part this long before it reads the source (0: never), so that a
 *     test can give the part to another worker while this one holds it
 */
@ConfigurationProperties("drkit.fail-points")
public record BackupFailPoints(
        @DefaultValue("false") boolean haltAfterSnapshot,
        @DefaultValue("0") int haltAfterParts,
        @DefaultValue("false") boolean haltBeforeManifest,
        @DefaultValue("-1") int failPartOnce,
        @DefaultValue("false") boolean haltAfterChanges,
        @DefaultValue("false") boolean haltBeforeSlotConfirm,
        @DefaultValue("0s") Duration holdPartBeforeReading) {

    static final int HALT_STATUS = 137;

    /** Holds the calling part for {@link #holdPartBeforeReading}. */
    void holdPart() {
        if (!holdPartBeforeReading.isZero()) {
            StopSignal.sleep(holdPartBeforeReading);
        }
    }

    public void halt(boolean when) {
        if (when) {
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}

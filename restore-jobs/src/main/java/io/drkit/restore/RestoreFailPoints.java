package io.drkit.restore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.drkit.core.batch.StopSignal;

/**
 * Places where the restart tests make a restore die the way a kill -9 would. All off unless set
 * ({@code drkit.restore-fail-points.*}); never set in production.
 *
 * @param haltAfterParts halt the JVM once this many parts are loaded in this run (0: never)
 * @param haltAfterPostData halt the JVM once this many post-data entries are done in this run (0: never)
 * @param haltBeforeSequences halt the JVM when the data and post-data are done
 * @param holdPartBeforeLoading hold each part this long before it is fetched (0: never), so that a test
 *     can kill the worker that holds it
 */
@ConfigurationProperties("drkit.restore-fail-points")
public record RestoreFailPoints(
        @DefaultValue("0") int haltAfterParts,
        @DefaultValue("0") int haltAfterPostData,
        @DefaultValue("false") boolean haltBeforeSequences,
        @DefaultValue("0s") Duration holdPartBeforeLoading) {

    static final int HALT_STATUS = 137;

    void holdPart() {
        if (!holdPartBeforeLoading.isZero()) {
            StopSignal.sleep(holdPartBeforeLoading);
        }
    }

    void halt(boolean when) {
        if (when) {
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}

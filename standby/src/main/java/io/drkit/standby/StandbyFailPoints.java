package io.drkit.standby;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the restart test makes a follower die the way a kill -9 would ({@code drkit.standby-fail-points.*});
 * never set in production.
 *
 * @param haltAfterCommit halt the JVM right after the first point this run applies has committed,
 *     before the catalog hears of it
 */
@ConfigurationProperties("drkit.standby-fail-points")
public record StandbyFailPoints(@DefaultValue("false") boolean haltAfterCommit) {

    void haltIfSet() {
        if (haltAfterCommit) {
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}

package io.drkit.prune;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the prune test makes a prune die the way a kill -9 would ({@code drkit.prune-fail-points.*});
 * never set in production.
 *
 * @param haltAfterManifests halt the JVM once this many points' manifests are removed, before their objects (0: never)
 */
@ConfigurationProperties("drkit.prune-fail-points")
public record PruneFailPoints(@DefaultValue("0") int haltAfterManifests) {

    void haltAfter(int manifestsRemoved) {
        if (haltAfterManifests > 0 && manifestsRemoved >= haltAfterManifests) {
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}

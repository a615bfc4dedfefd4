package io.drkit.drill;

import java.time.Instant;

import io.drkit.core.manifest.PointId;

/**
 * @param point the point named, or null for the newest (or a random one)
 * @param random any point the retention policy keeps, picked at random
 * @param keep keep the scratch database afterwards
 * @param trafficRate scans per second the tracking simulator puts on the source while the drill runs; null for none
 * @param declaredAt when the disaster was declared: the moment the operator started the drill
 */
public record DrillRequest(PointId point, boolean random, boolean keep, Double trafficRate, Instant declaredAt) {

    public static final String RANDOM = "random";

    /**
     * @param pointOption a point id, {@code random}, or null for the newest point
     * @throws io.drkit.core.error.DrkitException exit 2 when it is neither an id nor {@code random}
     */
    public static DrillRequest of(String pointOption, boolean keep, Double trafficRate, Instant declaredAt) {
        boolean random = RANDOM.equals(pointOption);
        return new DrillRequest(pointOption == null || random ? null : PointId.of(pointOption), random, keep,
                trafficRate, declaredAt);
    }
}

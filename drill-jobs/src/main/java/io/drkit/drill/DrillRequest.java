package io.drkit.drill;

import java.time.Instant;

/**
 * @param point a point id, {@code random}, or null for the newest point
 * @param keep keep the scratch database afterwards
 * @param trafficRate scans per second the tracking simulator puts on the source while the drill runs; null for none
 * @param declaredAt when the disaster was declared: the moment the operator started the drill
 */
public record DrillRequest(String point, boolean keep, Double trafficRate, Instant declaredAt) {

    public static final String RANDOM = "random";
}

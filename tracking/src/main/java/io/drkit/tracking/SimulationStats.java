package io.drkit.tracking;

import java.time.Duration;

/**
 * What a simulation did. {@code events} counts scans inserted; {@code statusUpdates} the shipments
 * whose status moved; {@code deletes} the cancelled shipments removed with their scans.
 */
public record SimulationStats(long events, long statusUpdates, long newShipments, long deletes,
        long transactions, Duration elapsed) {

    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : events / seconds;
    }
}

package io.drkit.tracking;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.drkit.core.error.DrkitException;

/**
 * The time a seeded history covers: shipments are created evenly over it, and scans that would fall
 * after its end have not happened yet, so the newest shipments are still under way. Fixed instants
 * (never "now" read inside the seeder) keep a seed reproducible.
 */
public record SeedHistory(Instant start, Instant end) {

    /** The standard history of a seed of this size: it starts at a fixed date and grows with the size. */
    public static SeedHistory standard(long shipments) {
        return new SeedHistory(TrackingSeeder.HISTORY_START, TrackingSeeder.HISTORY_START.plus(TrackingSeeder.span(shipments)));
    }

    /**
     * A history of {@code months} calendar months (in China time, where the parcels move) that ends at
     * {@code end}: with a long history and an end of "now", recent parcels are a small share of the rows,
     * as in production.
     */
    public static SeedHistory months(int months, Instant end) {
        if (months <= 0 || months > 120) {
            throw DrkitException.usage("--months takes 1 to 120 months of history, not " + months);
        }
        return new SeedHistory(OffsetDateTime.ofInstant(end, ShipmentFactory.CHINA).minusMonths(months).toInstant(), end);
    }

    public Duration span() {
        return Duration.between(start, end);
    }
}

package io.drkit.cli.tracking;

import java.time.Duration;

import io.drkit.tracking.SeedSummary;
import io.drkit.tracking.SimulationStats;

/** What scripts read from {@code tracking init|seed|simulate --json}, each in the order of its document. */
public final class TrackingDocuments {

    private TrackingDocuments() {}

    /** {@code tracking init}: the database (password hidden) and the migrations applied now (0: up to date). */
    public record Init(String database, int migrationsApplied) {}

    /** {@code tracking seed}, and the demo's {@code seed}: what the seed wrote. */
    public record Seed(long seed, int stations, int couriers, long shipments, long events, long proofs,
            Duration durationSeconds) {

        public static Seed of(SeedSummary s) {
            return new Seed(s.seed(), s.stations(), s.couriers(), s.shipments(), s.events(), s.proofs(), s.elapsed());
        }
    }

    /**
     * {@code tracking simulate}: scans inserted ({@code events}), shipments whose status moved, new shipments, and
     * cancelled shipments removed with their scans.
     */
    public record Simulation(long events, long statusUpdates, long newShipments, long deletes, long transactions,
            Duration durationSeconds, double eventsPerSecond) {

        static Simulation of(SimulationStats s) {
            return new Simulation(s.events(), s.statusUpdates(), s.newShipments(), s.deletes(), s.transactions(),
                    s.elapsed(), Math.round(s.eventsPerSecond() * 10) / 10.0);
        }
    }
}

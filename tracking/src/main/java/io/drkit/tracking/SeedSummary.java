package io.drkit.tracking;

import java.time.Duration;

/** What a seed wrote. */
public record SeedSummary(long seed, int stations, int couriers, long shipments, long events, long proofs,
        Duration elapsed) {}

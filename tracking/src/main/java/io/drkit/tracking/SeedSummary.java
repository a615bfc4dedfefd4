package io.drkit.tracking;

import java.time.Duration;
import java.time.Instant;

/** What a seed wrote, and the time its history covers. */
public record SeedSummary(long seed, int stations, int couriers, long shipments, long events, long proofs,
        Duration elapsed, Instant historyFrom, Instant historyTo) {}

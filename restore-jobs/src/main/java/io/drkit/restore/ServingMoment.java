package io.drkit.restore;

import java.time.Instant;

/**
 * The moment a staged restore's first stage is done: the hot tier loaded, its keys and indexes built,
 * sequences set, and the database taking reads and writes while the cold tier loads behind it.
 *
 * @param at when the database started serving
 * @param database the restored database, as {@code host:port/name}
 * @param hotRows rows of the hot tier loaded
 */
public record ServingMoment(Instant at, String database, long hotRows) {}

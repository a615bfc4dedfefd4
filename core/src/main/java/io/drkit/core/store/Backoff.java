package io.drkit.core.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before trying again: exponential with full jitter, so many failing readers do not retry in step. */
final class Backoff {

    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration LONGEST = Duration.ofSeconds(5);

    private Backoff() {}

    /** @param failures the failures in a row so far, 1 for the first */
    static Duration after(int failures) {
        long cap = Math.min(LONGEST.toMillis(), FIRST.toMillis() << Math.min(failures - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}

package io.drkit.core.store;

import java.time.Duration;

/**
 * How long and how often drkit keeps at an object store that misbehaves (503 SlowDown, dropped
 * connections, stalls) before it says the store failed.
 *
 * @param retries how many times one request is tried again, and how many times in a row a read cut
 *     off is resumed without getting a byte further
 * @param retryBudget the longest one read keeps resuming without getting a byte further
 * @param attemptTimeout the longest one attempt of a request may take, and a read may wait for its next byte
 * @param apiCallTimeout the longest one request may take, its retries included
 * @param connectTimeout the longest opening a connection to the endpoint may take
 */
public record StorePolicy(int retries, Duration retryBudget, Duration attemptTimeout, Duration apiCallTimeout,
        Duration connectTimeout) {

    public static final StorePolicy DEFAULT = new StorePolicy(10, Duration.ofMinutes(2), Duration.ofSeconds(30),
            Duration.ofMinutes(3), Duration.ofSeconds(10));
}

package io.drkit.core.store;

import java.time.Duration;

import io.drkit.core.batch.StopSignal;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The SDK's standard retries (5xx, throttling, timeouts, resets; exponential backoff with full
 * jitter) without their token bucket, and with no retry once a stop was asked for. The bucket is
 * shared by every request of a client and empties when one in ten fails: in a backup's thousands of
 * requests that switched retries off half-way, so the next 503 failed the job.
 */
final class StopAwareRetries implements RetryStrategy {

    private final RetryStrategy delegate;

    private StopAwareRetries(RetryStrategy delegate) {
        this.delegate = delegate;
    }

    static RetryStrategy of(StorePolicy policy) {
        return new StopAwareRetries(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(policy.retries() + 1)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(250), Duration.ofSeconds(10)))
                .circuitBreakerEnabled(false)
                // an answer cut half-way fails as "cannot parse the XML", which the SDK does not retry by itself
                .retryOnException(StopAwareRetries::brokenAnswer)
                .build());
    }

    private static boolean brokenAnswer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t.getClass().getName().equals("javax.xml.stream.XMLStreamException")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        return delegate.acquireInitialToken(request);
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        if (StopSignal.requested()) {
            throw new TokenAcquisitionFailedException("stopped on request: no more retries", request.token(),
                    request.failure());
        }
        return delegate.refreshRetryToken(request);
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
        return delegate.recordSuccess(request);
    }

    @Override
    public int maxAttempts() {
        return delegate.maxAttempts();
    }

    /** Configured here in full: the client must not rebuild it, which would drop this wrapper. */
    @Override
    public boolean useClientDefaults() {
        return false;
    }

    @Override
    public Builder<?, ?> toBuilder() {
        return delegate.toBuilder();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

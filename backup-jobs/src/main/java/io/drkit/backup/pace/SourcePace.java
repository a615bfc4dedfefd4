package io.drkit.backup.pace;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import com.google.common.util.concurrent.RateLimiter;

/**
 * The pace one backup run reads its source at, shared by all its workers: every byte a COPY stream
 * hands over is paid for here, so the rate holds across workers, and a blocked write holds the COPY
 * itself back on the server. Unpaced (nothing to pay) until a ceiling is set or the guard slows it.
 */
public final class SourcePace {

    /** No slower than this, whatever the guard sees: a backup that never ends protects nobody. */
    static final double FLOOR_BYTES_PER_SECOND = 1 << 20;

    private final @Nullable Double ceiling;
    private final RateLimiter limiter;
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean paced;

    /** @param ceiling bytes per second at most ({@code drkit.backup.max-rate}), or null for no ceiling */
    public SourcePace(@Nullable Long ceiling) {
        this.ceiling = ceiling == null ? null : (double) Math.max(ceiling, (long) FLOOR_BYTES_PER_SECOND);
        this.limiter = RateLimiter.create(this.ceiling == null ? Double.MAX_VALUE : this.ceiling);
        this.paced = ceiling != null;
    }

    public static SourcePace unlimited() {
        return new SourcePace(null);
    }

    /** A worker's COPY output, paid for byte by byte before it goes on. */
    public OutputStream wrap(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                pay(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                pay(len);
                out.write(b, off, len);
            }
        };
    }

    private void pay(int n) {
        bytes.addAndGet(n);
        if (paced && n > 0) {
            limiter.acquire(n);
        }
    }

    /** Bytes read from the source so far, by all workers. */
    long bytesRead() {
        return bytes.get();
    }

    /** Bytes per second the workers may read now, or null while unpaced. */
    @Nullable Double rate() {
        return paced ? limiter.getRate() : null;
    }

    @Nullable Double ceiling() {
        return ceiling;
    }

    /** Reads no faster than {@code bytesPerSecond} (never above the ceiling, never below the floor). */
    void slowTo(double bytesPerSecond) {
        double rate = Math.max(FLOOR_BYTES_PER_SECOND, ceiling == null ? bytesPerSecond : Math.min(ceiling, bytesPerSecond));
        limiter.setRate(rate);
        paced = true;
    }

    /** Back to the ceiling, or to no pace at all when there is none. */
    void release() {
        if (ceiling == null) {
            paced = false;
        } else {
            limiter.setRate(ceiling);
        }
    }
}

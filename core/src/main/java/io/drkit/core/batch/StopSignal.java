package io.drkit.core.batch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.batch.core.job.JobInterruptedException;

import io.drkit.core.error.DrkitException;

/**
 * A stop asked of this process (SIGTERM from cron's kill, systemd, Kubernetes or the daemon). Work
 * looks at it only where stopping leaves what the next run resumes from: before a part is exported
 * or loaded, before a stage, before an object is read. Process-wide, as the signal is.
 *
 * <p>Waits for the network are bounded on their own (socket and attempt timeouts), and waits
 * between retries end at once on a stop ({@link #sleep}). When the work in hand still has not ended
 * some time after the request, the stop is {@link #force() forced}: every wait registered with
 * {@link #whenForced} is cut (S3 reads aborted, source and target connections closed), so that the
 * run ends recorded as stopped whatever the network does.
 */
public final class StopSignal {

    private static final Object WAKE = new Object();
    private static final List<Runnable> FORCE_HOOKS = new CopyOnWriteArrayList<>();
    private static volatile boolean requested;
    private static volatile boolean forced;
    private static volatile Runnable drain;

    private StopSignal() {}

    /**
     * How this process stops instead: a worker stops taking parts and finishes those in hand, so the
     * flag is never raised and nothing it runs is cut or forced.
     */
    public static void drainInstead(Runnable stop) {
        drain = stop;
    }

    public static void request() {
        Runnable d = drain;
        if (d != null) {
            d.run();
            return;
        }
        requested = true;
        synchronized (WAKE) {
            WAKE.notifyAll();
        }
    }

    public static boolean requested() {
        return requested;
    }

    /** Throws {@link #stopped()} once a stop was asked for. */
    public static void checkpoint() {
        if (requested) {
            throw stopped();
        }
    }

    /**
     * Waits between two attempts of something; a stop ends the wait at once.
     *
     * @throws DrkitException {@link #stopped()} when a stop was asked for before or during the wait
     */
    public static void sleep(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (WAKE) {
            while (!requested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    WAKE.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw stopped();
                }
            }
        }
        throw stopped();
    }

    /**
     * Registers what cuts a wait that no timeout would end soon enough (a COPY from a silent server).
     * Hooks stay registered for the life of the process; they must be cheap and safe to run on
     * something already finished.
     */
    public static void whenForced(Runnable hook) {
        FORCE_HOOKS.add(hook);
    }

    /** Cuts every registered wait: called when a requested stop has not ended the work in time. */
    public static void force() {
        if (!requested || forced) {
            return;
        }
        forced = true;
        for (Runnable hook : FORCE_HOOKS) {
            try {
                hook.run();
            } catch (RuntimeException ignored) {
                // cutting one wait must not keep the others from being cut
            }
        }
    }

    /** Whether a failure is (or was caused by) a stop asked for. */
    public static boolean isStop(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JobInterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** The error a stopped run ends with; its cause makes Spring Batch record the step as STOPPED, not FAILED. */
    public static DrkitException stopped() {
        return DrkitException.failed("stopped on request (SIGTERM)",
                new JobInterruptedException("stopped on request"));
    }
}

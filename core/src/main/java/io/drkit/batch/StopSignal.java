package io.drkit.batch;

import org.springframework.batch.core.job.JobInterruptedException;

import io.drkit.error.DrkitException;

/**
 * A stop asked of this process (SIGTERM from cron's kill, systemd, Kubernetes or the daemon). Work
 * looks at it only where stopping leaves what the next run resumes from: before a part is exported
 * or loaded, before a stage, before an object is read. Process-wide, as the signal is.
 */
public final class StopSignal {

    private static volatile boolean requested;

    private StopSignal() {}

    public static void request() {
        requested = true;
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

    /** The error a stopped run ends with; its cause makes Spring Batch record the step as STOPPED, not FAILED. */
    public static DrkitException stopped() {
        return DrkitException.failed("stopped on request (SIGTERM)",
                new JobInterruptedException("stopped on request"));
    }
}

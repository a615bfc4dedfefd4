package io.drkit.core.batch;

import org.springframework.batch.core.job.JobExecution;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.pg.JdbcUrl;

/** What a failed Spring Batch job execution tells an operator: drkit's own error when there is one. */
public final class JobFailures {

    private JobFailures() {}

    /**
     * The first drkit error among the failures and their causes, or null. A run stopped on request
     * ends with the stop's error, whatever broke while it stopped, unless it found damage.
     */
    public static DrkitException drkitError(JobExecution execution) {
        DrkitException found = firstDrkitError(execution);
        if (StopSignal.requested() && (found == null || found.exitCode() != ExitCode.INTEGRITY)) {
            return StopSignal.stopped();
        }
        return found;
    }

    private static DrkitException firstDrkitError(JobExecution execution) {
        for (Throwable t : execution.getAllFailureExceptions()) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof DrkitException d) {
                    return d;
                }
            }
        }
        return null;
    }

    /** drkit's error, or one saying what failed, in words and without secrets. */
    public static DrkitException asError(JobExecution execution, String what) {
        DrkitException d = drkitError(execution);
        return d != null ? d : DrkitException.failed(what + " failed: " + reason(execution), null);
    }

    /** The first failure's message with passwords redacted, or the exit description. */
    public static String reason(JobExecution execution) {
        return execution.getAllFailureExceptions().stream().findFirst()
                .map(t -> t.getMessage() == null ? t.getClass().getSimpleName() : JdbcUrl.redact(t.getMessage()))
                .orElse(execution.getExitStatus().getExitDescription());
    }
}

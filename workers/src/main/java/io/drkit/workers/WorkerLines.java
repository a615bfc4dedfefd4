package io.drkit.workers;

import java.time.Duration;

import org.springframework.batch.core.step.StepExecution;

import io.drkit.core.batch.PartRun;

/** What a part's step execution says about where and how long it ran, in the words both sides print. */
final class WorkerLines {

    private WorkerLines() {}

    /** " on host h in 2.3 s", or "" when no worker recorded itself. */
    static String where(StepExecution part) {
        String host = part.getExecutionContext().getString(PartRun.HOST, null);
        return (host == null ? "" : " on " + host) + seconds(part);
    }

    static String seconds(StepExecution part) {
        if (part.getStartTime() == null || part.getEndTime() == null) {
            return "";
        }
        return String.format(" in %.1f s", Duration.between(part.getStartTime(), part.getEndTime()).toMillis() / 1000.0);
    }
}

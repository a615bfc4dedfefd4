package io.drkit.cli;

import io.drkit.core.metrics.JobOutcome;

/**
 * A command whose runs are jobs: after it ends (returned or thrown), {@link CommandRunner} publishes
 * its outcome as metrics and, on a failure, an alert.
 */
public interface JobCommand {

    /** The run's outcome so far; null when this run is no job's (a dry run) or the command did not start. */
    JobOutcome outcome();
}

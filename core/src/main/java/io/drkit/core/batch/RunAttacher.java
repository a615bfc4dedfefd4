package io.drkit.core.batch;

import org.springframework.batch.core.step.StepExecution;

/**
 * Builds, in a worker process, the live state of a run another process started: from what the job
 * repository holds (the plan, the parameters) and this process's own settings (source, repository,
 * key), which must match the manager's.
 */
public interface RunAttacher<T> {

    RunKind<T> kind();

    /** @param step the partition this process was asked to run */
    T attach(StepExecution step);

    /** Releases what {@link #attach} opened, once the run's job no longer runs. */
    void detach(T state);
}

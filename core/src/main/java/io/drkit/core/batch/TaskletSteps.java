package io.drkit.core.batch;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;

/**
 * Every drkit step: one tasklet, which does not start once a stop was asked for. A step that breaks
 * after a stop was asked for (a forced stop cuts its connections and reads) is recorded as stopped,
 * not failed, unless it found damage.
 */
public final class TaskletSteps {

    private TaskletSteps() {}

    public static Step of(JobRepository jobs, StepName name, Tasklet tasklet) {
        return of(jobs, name.stepName(), tasklet);
    }

    public static Step of(JobRepository jobs, String name, Tasklet tasklet) {
        return new StepBuilder(name, jobs).tasklet((contribution, chunk) -> {
            StopSignal.checkpoint();
            try {
                return tasklet.execute(contribution, chunk);
            } catch (Exception e) {
                if (StopSignal.requested() && !(e instanceof DrkitException d && d.exitCode() == ExitCode.INTEGRITY)) {
                    DrkitException stopped = StopSignal.stopped();
                    stopped.addSuppressed(e);
                    throw stopped;
                }
                throw e;
            }
        }, new ResourcelessTransactionManager()).build();
    }
}

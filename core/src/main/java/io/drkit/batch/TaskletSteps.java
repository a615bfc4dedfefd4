package io.drkit.batch;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;

/** Every drkit step: one tasklet, which does not start once a stop was asked for. */
public final class TaskletSteps {

    private TaskletSteps() {}

    public static Step of(JobRepository jobs, String name, Tasklet tasklet) {
        return new StepBuilder(name, jobs).tasklet((contribution, chunk) -> {
            StopSignal.checkpoint();
            return tasklet.execute(contribution, chunk);
        }, new ResourcelessTransactionManager()).build();
    }
}

package io.drkit.batch;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The data step of a backup and of a restore: one partition per part, run by a worker step on
 * {@code workers} threads, handed out in partition-name order (see {@link NameOrderPartitionHandler}).
 */
public final class PartitionedSteps {

    private PartitionedSteps() {}

    /**
     * @param name the partitioned step's name
     * @param worker the step each partition runs; its name prefixes the partitions' step names
     * @param threadPrefix names the worker threads, for thread dumps
     */
    public static Step of(JobRepository jobs, StepName name, Step worker, Partitioner partitioner, int workers,
            String threadPrefix) throws Exception {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threadPrefix);
        executor.setConcurrencyLimit(workers);
        TaskExecutorPartitionHandler handler = new NameOrderPartitionHandler();
        handler.setStep(worker);
        handler.setTaskExecutor(executor);
        handler.setGridSize(workers);
        handler.afterPropertiesSet();
        return new StepBuilder(name.stepName(), jobs).partitioner(worker.getName(), partitioner).partitionHandler(handler)
                .build();
    }
}

package io.drkit.core.batch;

import java.util.function.Predicate;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The data step of a backup and of a restore: one partition per part, run by a worker step on
 * {@code workers} threads, handed out in partition-name order (see {@link NameOrderPartitionHandler}),
 * or sent to worker processes when {@link RemoteParts} is on.
 */
@Component
public class PartitionedSteps {

    private final ObjectProvider<RemoteParts> remote;

    public PartitionedSteps(ObjectProvider<RemoteParts> remote) {
        this.remote = remote;
    }

    /**
     * @param name the partitioned step's name
     * @param worker the step each partition runs; its name prefixes the partitions' step names
     * @param threadPrefix names the worker threads, for thread dumps
     */
    public Step of(JobRepository jobs, StepName name, Step worker, Partitioner partitioner, int workers,
            String threadPrefix) throws Exception {
        return of(jobs, name, worker, partitioner, workers, threadPrefix, parameters -> true);
    }

    /**
     * As {@link #of(JobRepository, StepName, Step, Partitioner, int, String)}, with the runs a worker
     * process can take decided per run: the others stay on this JVM's threads.
     *
     * @param remotable whether a run with these job parameters may go to the workers
     */
    public Step of(JobRepository jobs, StepName name, Step worker, Partitioner partitioner, int workers,
            String threadPrefix, Predicate<JobParameters> remotable) throws Exception {
        PartitionHandler local = threads(worker, workers, threadPrefix);
        RemoteParts parts = remote.getIfAvailable();
        PartitionHandler handler = local;
        if (parts != null && parts.enabled()) {
            PartitionHandler remoteHandler = parts.handler(worker);
            handler = (splitter, manager) -> (remotable.test(manager.getJobParameters()) ? remoteHandler : local)
                    .handle(splitter, manager);
        }
        return new StepBuilder(name.stepName(), jobs).partitioner(worker.getName(), partitioner).partitionHandler(handler)
                .build();
    }

    private static PartitionHandler threads(Step worker, int workers, String threadPrefix) throws Exception {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threadPrefix);
        executor.setConcurrencyLimit(workers);
        TaskExecutorPartitionHandler handler = new NameOrderPartitionHandler();
        handler.setStep(worker);
        handler.setTaskExecutor(executor);
        handler.setGridSize(workers);
        handler.afterPropertiesSet();
        return handler;
    }
}

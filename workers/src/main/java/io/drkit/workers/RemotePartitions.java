package io.drkit.workers;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.RemoteParts;

/** The data steps' partitions on {@code drkit worker} processes when {@code drkit.workers.mode=remote}. */
@Component
class RemotePartitions implements RemoteParts {

    private final WorkerSettings settings;
    private final JobRepository jobRepository;

    RemotePartitions(WorkerSettings settings, JobRepository jobRepository) {
        this.settings = settings;
        this.jobRepository = jobRepository;
    }

    @Override
    public boolean enabled() {
        return settings.mode() == WorkerMode.REMOTE;
    }

    @Override
    public PartitionHandler handler(Step worker) {
        return new RemotePartitionHandler(worker.getName(), jobRepository, settings, System.err::println);
    }
}

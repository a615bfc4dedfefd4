package io.drkit.core.batch;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongFunction;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import io.drkit.core.config.ThisHost;

/**
 * Where and for how long one partition of a data step ran: on this process's threads, or on a
 * {@code drkit worker} that recorded its host in the partition's step execution context.
 *
 * @param part what the partition did, in the words of the job that ran it
 * @param host the host that ran it
 */
public record PartRun(String part, String host, long millis) {

    /** The step execution context key under which a worker process records its host. */
    public static final String HOST = "drkit.worker.host";

    /**
     * The step execution context key of the attempt that owns the partition: each worker that takes it
     * writes its own, so an attempt can tell whether the part was given to another worker meanwhile.
     */
    public static final String ATTEMPT = "drkit.worker.attempt";

    /** The step execution context key of what a partition holds, in words ("tracking.shipments part 2 of 3"). */
    public static final String LABEL = "drkit.part.label";

    /**
     * The ended partitions of {@code workerStep} in a job execution, in name order. A partition that
     * ran on a worker process is read back from the job repository: the execution this process holds
     * saw it sent, not ended.
     *
     * @param fresh reads a step execution back from the job repository, by id
     */
    public static List<StepExecution> partitions(JobExecution execution, String workerStep,
            LongFunction<StepExecution> fresh) {
        // Spring Batch names a partition's step execution "<worker step>:<partition>"
        String prefix = workerStep + ":";
        return execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith(prefix))
                .map(s -> s.getEndTime() == null ? fresh.apply(s.getId()) : s)
                .filter(s -> s != null && s.getStartTime() != null && s.getEndTime() != null)
                .sorted(Comparator.comparing(StepExecution::getStepName))
                .toList();
    }

    /** Each partition under its {@link #LABEL} (its step name when it has none). */
    public static List<PartRun> of(List<StepExecution> partitions) {
        return partitions.stream().map(s -> new PartRun(label(s), host(s),
                Duration.between(s.getStartTime(), s.getEndTime()).toMillis())).toList();
    }

    public static String label(StepExecution partition) {
        return partition.getExecutionContext().getString(LABEL, partition.getStepName());
    }

    /** Whether a worker process ran the partition (it says so in the partition's context). */
    public static boolean remote(StepExecution partition) {
        return partition.getExecutionContext().containsKey(HOST);
    }

    static String host(StepExecution partition) {
        return partition.getExecutionContext().getString(HOST, ThisHost.name());
    }
}

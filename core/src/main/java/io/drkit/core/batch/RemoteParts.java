package io.drkit.core.batch;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.step.Step;

/**
 * Partitions sent to worker processes, on other hosts, instead of this JVM's threads: the workers
 * module implements it, and {@link PartitionedSteps} asks it whether it is switched on.
 */
public interface RemoteParts {

    /** Whether the data steps' partitions go to the workers ({@code drkit.workers.mode=remote}). */
    boolean enabled();

    /** @param worker the step each partition runs, looked up by its name on the workers */
    PartitionHandler handler(Step worker);
}

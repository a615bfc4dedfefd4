package io.drkit.core.batch;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.StepExecution;

/**
 * Starts partitions in the order of their names. Spring Batch hands them over as an unordered set;
 * the jobs name their partitions largest first, so that a big one started last does not make the
 * whole job wait for it.
 */
public class NameOrderPartitionHandler extends TaskExecutorPartitionHandler {

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        Set<StepExecution> ordered = new TreeSet<>(Comparator.comparing(StepExecution::getStepName));
        ordered.addAll(partitions);
        return super.doHandle(manager, new LinkedHashSet<>(ordered));
    }
}

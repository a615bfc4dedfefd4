package io.drkit.workers;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;

import io.drkit.core.batch.StopSignal;
import io.drkit.core.error.DrkitException;

/**
 * The manager's side of remote partitioning: one {@link StepExecutionRequest} per partition to the
 * workers' queue, largest part first (partition names sort that way), then the partitions followed
 * in the job repository until every one has ended. Where Spring Batch's own
 * {@code MessageChannelPartitionHandler} waits on one timeout for the whole step, this one holds each
 * part to {@code drkit.workers.part-timeout} and fails at once, saying so, when no worker is there to
 * take the parts or the broker is gone.
 */
final class RemotePartitionHandler extends AbstractPartitionHandler {

    private static final Duration POLL = Duration.ofMillis(250);

    private final String stepName;
    private final JobRepository jobRepository;
    private final WorkerSettings settings;
    private final Consumer<String> log;

    RemotePartitionHandler(String stepName, JobRepository jobRepository, WorkerSettings settings, Consumer<String> log) {
        this.stepName = stepName;
        this.jobRepository = jobRepository;
        this.settings = settings;
        this.log = log;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) {
        if (partitions.isEmpty()) {
            return partitions;
        }
        try (Broker broker = Broker.of(settings)) {
            broker.declare();
            awaitWorkers(broker, partitions.size());
            List<StepExecution> ordered = new ArrayList<>(partitions);
            ordered.sort(Comparator.comparing(StepExecution::getStepName));
            for (StepExecution part : ordered) {
                broker.send(PartRequest.of(new StepExecutionRequest(stepName, part.getId())).json());
            }
            log.accept("workers: " + ordered.size() + " parts sent to " + broker + " (queue " + settings.queue() + ")");
            return follow(broker, ordered, Instant.now());
        }
    }

    private void awaitWorkers(Broker broker, int parts) {
        Instant deadline = Instant.now().plus(settings.workerWait());
        boolean said = false;
        while (broker.workers() == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw DrkitException.failed("no drkit worker is connected to " + broker + " (queue " + settings.queue()
                        + "); waited " + settings.workerWait().toSeconds() + " s (drkit.workers.wait) with " + parts
                        + " parts to send: start `drkit worker` with this configuration, or set drkit.workers.mode=local",
                        null);
            }
            if (!said) {
                log.accept("workers: waiting up to " + settings.workerWait().toSeconds() + " s for a worker on " + broker);
                said = true;
            }
            StopSignal.sleep(POLL);
        }
    }

    /** @param sentAt when the requests went out: a part nobody takes is held to the part timeout from then */
    private Set<StepExecution> follow(Broker broker, List<StepExecution> sent, Instant sentAt) {
        Map<Long, StepExecution> ended = new HashMap<>();
        Instant noWorkerSince = null;
        while (true) {
            int open = 0;
            for (StepExecution part : sent) {
                if (ended.containsKey(part.getId())) {
                    continue; // an ended part is not read again
                }
                StepExecution current = jobRepository.getStepExecution(part.getId());
                if (!current.getStatus().isRunning()) {
                    ended.put(current.getId(), current);
                    log.accept("workers: " + current.getStepName() + " " + current.getStatus().name().toLowerCase()
                            + WorkerLines.where(current));
                    continue;
                }
                open++;
                boolean late = current.getStartTime() == null ? Instant.now().isAfter(sentAt.plus(settings.partTimeout()))
                        : current.getStartTime().plus(settings.partTimeout()).isBefore(LocalDateTime.now());
                if (late) {
                    throw DrkitException.failed("part " + current.getStepName() + (current.getStartTime() == null
                            ? " was not taken by a worker" : " did not end on its worker") + " within "
                            + settings.partTimeout().toSeconds() + " s (drkit.workers.part-timeout); parts already "
                            + "stored are kept and the next run resumes", null);
                }
            }
            if (open == 0) {
                return new HashSet<>(ended.values());
            }
            if (broker.workers() > 0) {
                noWorkerSince = null;
            } else if (noWorkerSince == null) {
                noWorkerSince = Instant.now();
            } else if (Instant.now().isAfter(noWorkerSince.plus(settings.workerWait()))) {
                throw DrkitException.failed("no drkit worker has been connected to " + broker + " for "
                        + settings.workerWait().toSeconds() + " s (drkit.workers.wait) with " + open + " parts not done; "
                        + "parts already stored are kept and the next run resumes", null);
            }
            StopSignal.sleep(POLL);
        }
    }
}

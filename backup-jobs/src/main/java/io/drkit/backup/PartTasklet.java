package io.drkit.backup;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.PartRun;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest.PartEntry;
import io.drkit.core.manifest.Tier;
import io.drkit.core.pg.SnapshotWorker;
import io.drkit.core.pg.SourceTable;
import io.drkit.core.repository.PointLayout;

/**
 * One part: COPY out of the snapshot, digest, encode, store. Runs on the data step's workers. On a
 * worker process, the part is written under its attempt's own key and published under the part's
 * key only while the attempt still owns the part: a part given to a second worker (the broker thought
 * the first dead, but it was only cut off) is stored once, by one of them.
 */
@Component
class PartTasklet implements Tasklet {

    private final LiveRuns runs;
    private final BackupFailPoints failPoints;
    private final JobRepository jobRepository;
    private final AtomicBoolean failedOnce = new AtomicBoolean();

    PartTasklet(LiveRuns runs, BackupFailPoints failPoints, JobRepository jobRepository) {
        this.runs = runs;
        this.failPoints = failPoints;
        this.jobRepository = jobRepository;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws IOException {
        ActiveBackup b = runs.get(ActiveBackup.RUN, chunk);
        String name = JobContexts.step(chunk).getString(JobContexts.PART);
        PlannedPart part = b.plan().parts().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("part " + name + " is not in the plan"));
        SourceTable table = b.plan().tables().stream().filter(t -> t.label().equals(part.table())).findFirst()
                .orElseThrow(() -> new IllegalStateException("table " + part.table() + " is not in the plan"));
        if (failPoints.failPartOnce() == b.plan().parts().indexOf(part) && failedOnce.compareAndSet(false, true)) {
            throw new IOException("fail point: part " + name + " failed on purpose");
        }
        failPoints.holdPart();
        String attempt = JobContexts.step(chunk).getString(PartRun.ATTEMPT, null);
        if (part.split()) {
            splitPart(b, part, table, attempt, contribution, chunk);
        } else {
            EncodedUpload.Result r;
            try (SnapshotWorker worker = SnapshotWorker.join(b.source(), b.plan().snapshotId())) {
                r = EncodedUpload.write(b.repository().store(), writeKey(part.key(), attempt), b.codec(),
                        out -> worker.copy(table, part.firstPage(), part.endPage(),
                                b.pace().wrap(out)), b.meter()::streamed);
            }
            publish(b, chunk, attempt, part.key());
            stored(b, part, entry(part.key(), r, part.tier()), contribution, chunk, JobContexts.RESULT);
        }
        if (failPoints.haltAfterParts() > 0 && b.meter().partsStored() >= failPoints.haltAfterParts()) {
            failPoints.halt(true);
        }
        return RepeatStatus.FINISHED;
    }

    /** The part's pages read once, its hot rows to one object and its cold rows to another. */
    private void splitPart(ActiveBackup b, PlannedPart part, SourceTable table, String attempt,
            StepContribution contribution, ChunkContext chunk) throws IOException {
        EncodedUpload.Result hot;
        EncodedUpload.Result cold;
        try (SnapshotWorker worker = SnapshotWorker.join(b.source(), b.plan().snapshotId());
                EncodedUpload.Open hotUpload = EncodedUpload.open(b.repository().store(), writeKey(part.key(), attempt),
                        b.codec(), b.meter()::streamed);
                EncodedUpload.Open coldUpload = EncodedUpload.open(b.repository().store(),
                        writeKey(part.coldKey(), attempt), b.codec(), b.meter()::streamed)) {
            TierSplit split = new TierSplit(hotUpload.plain(), coldUpload.plain());
            worker.copyTiered(table, part.firstPage(), part.endPage(), part.where(), b.pace().wrap(split));
            hot = hotUpload.finish();
            cold = coldUpload.finish();
        }
        publish(b, chunk, attempt, part.key(), part.coldKey());
        stored(b, part, entry(part.key(), hot, Tier.HOT), contribution, chunk, JobContexts.RESULT);
        stored(b, part, entry(part.coldKey(), cold, Tier.COLD), contribution, chunk, JobContexts.RESULT_COLD);
    }

    /** The key a part is written under: its own, or on a worker process its attempt's. */
    private static String writeKey(String key, String attempt) {
        return attempt == null ? key : PointLayout.attempt(key, attempt);
    }

    /**
     * Publishes an attempt's objects under the part's keys while the attempt still owns the part (the
     * job repository names its attempt); one that lost it removes its objects and fails, leaving the
     * part to the worker that has it now.
     */
    private void publish(ActiveBackup b, ChunkContext chunk, String attempt, String... keys) {
        if (attempt == null) {
            return;
        }
        StepExecution mine = chunk.getStepContext().getStepExecution();
        StepExecution now = jobRepository.getStepExecution(mine.getId());
        boolean owned = now != null && attempt.equals(now.getExecutionContext().getString(PartRun.ATTEMPT, null));
        for (String key : keys) {
            if (owned) {
                b.repository().store().publish(PointLayout.attempt(key, attempt), key);
            } else {
                b.repository().store().delete(PointLayout.attempt(key, attempt));
            }
        }
        if (!owned) {
            throw DrkitException.failed("part " + mine.getStepName() + " was given to another worker while this one "
                    + "ran it (this one was thought dead); this one's copy is discarded", null);
        }
    }

    private static PartEntry entry(String key, EncodedUpload.Result r, Tier tier) {
        return new PartEntry(key, r.stored().bytes(), r.plainBytes(), r.stored().sha256(), r.rows(), r.digest(), tier);
    }

    private static void stored(ActiveBackup b, PlannedPart part, PartEntry entry, StepContribution contribution,
            ChunkContext chunk, String resultKey) {
        JobContexts.put(JobContexts.step(chunk), resultKey, entry);
        contribution.incrementWriteCount(entry.rows());
        b.meter().partStored(part.table(), entry);
    }
}

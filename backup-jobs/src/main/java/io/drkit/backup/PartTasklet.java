package io.drkit.backup;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.batch.LiveRuns;
import io.drkit.manifest.Manifest.PartEntry;
import io.drkit.manifest.Tier;
import io.drkit.pg.SnapshotWorker;
import io.drkit.pg.SourceTable;

/** One part: COPY out of the snapshot, digest, encode, store. Runs on the data step's workers. */
@Component
class PartTasklet implements Tasklet {

    private final LiveRuns runs;
    private final BackupFailPoints failPoints;
    private final AtomicBoolean failedOnce = new AtomicBoolean();

    PartTasklet(LiveRuns runs, BackupFailPoints failPoints) {
        this.runs = runs;
        this.failPoints = failPoints;
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
        if (part.split()) {
            splitPart(b, part, table, contribution, chunk);
        } else {
            EncodedUpload.Result r;
            try (SnapshotWorker worker = SnapshotWorker.join(b.source(), b.plan().snapshotId())) {
                r = EncodedUpload.write(b.repository().store(), part.key(), b.codec(),
                        out -> worker.copy(table, part.firstPage(), part.endPage(),
                                b.pace().wrap(out)), b.meter()::streamed);
            }
            stored(b, part, entry(part.key(), r, part.tier()), contribution, chunk, JobContexts.RESULT);
        }
        if (failPoints.haltAfterParts() > 0 && b.meter().partsStored() >= failPoints.haltAfterParts()) {
            failPoints.halt(true);
        }
        return RepeatStatus.FINISHED;
    }

    /** The part's pages read once, its hot rows to one object and its cold rows to another. */
    private static void splitPart(ActiveBackup b, PlannedPart part, SourceTable table, StepContribution contribution,
            ChunkContext chunk) throws IOException {
        EncodedUpload.Result hot;
        EncodedUpload.Result cold;
        try (SnapshotWorker worker = SnapshotWorker.join(b.source(), b.plan().snapshotId());
                EncodedUpload.Open hotUpload = EncodedUpload.open(b.repository().store(), part.key(), b.codec(),
                        b.meter()::streamed);
                EncodedUpload.Open coldUpload = EncodedUpload.open(b.repository().store(), part.coldKey(), b.codec(),
                        b.meter()::streamed)) {
            TierSplit split = new TierSplit(hotUpload.plain(), coldUpload.plain());
            worker.copyTiered(table, part.firstPage(), part.endPage(), part.where(), b.pace().wrap(split));
            hot = hotUpload.finish();
            cold = coldUpload.finish();
        }
        stored(b, part, entry(part.key(), hot, Tier.HOT), contribution, chunk, JobContexts.RESULT);
        stored(b, part, entry(part.coldKey(), cold, Tier.COLD), contribution, chunk, JobContexts.RESULT_COLD);
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

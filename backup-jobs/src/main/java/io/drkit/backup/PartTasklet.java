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
        EncodedUpload.Result r;
        try (SnapshotWorker worker = SnapshotWorker.join(b.source(), b.plan().snapshotId())) {
            r = EncodedUpload.write(b.repository().store(), part.key(), b.codec(),
                    out -> worker.copy(table, part.firstPage(), part.endPage(), b.pace().wrap(out)), b.meter()::streamed);
        }
        PartEntry entry = new PartEntry(part.key(), r.stored().bytes(), r.plainBytes(), r.stored().sha256(), r.rows(),
                r.digest());
        JobContexts.put(JobContexts.step(chunk), JobContexts.RESULT, entry);
        contribution.incrementWriteCount(r.rows());
        b.meter().partStored(part.table(), entry);
        if (failPoints.haltAfterParts() > 0 && b.meter().partsStored() >= failPoints.haltAfterParts()) {
            failPoints.halt(true);
        }
        return RepeatStatus.FINISHED;
    }
}

package io.drkit.backup;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.codec.Encryption;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.pg.ExportedSnapshot;
import io.drkit.core.pg.SourceTable;
import io.drkit.core.pg.TableLister;
import io.drkit.core.pg.TableTrouble;

/** Exports the point's snapshot, locks its tables and plans the parts. */
@Component
class SnapshotTasklet implements Tasklet {

    private final LiveRuns runs;
    private final DrkitProperties.Tiers tiers;

    SnapshotTasklet(LiveRuns runs, DrkitProperties properties) {
        this.runs = runs;
        this.tiers = properties.tiers();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        ActiveBackup b = runs.get(ActiveBackup.RUN, chunk);
        long started = System.nanoTime();
        DrkitProperties.Backup settings = b.settings();
        ChainStarter.Started chain = b.chainRepository() == null ? null
                : ChainStarter.start(b.source(), b.chainRepository(), b.pointId(), settings);
        ExportedSnapshot snapshot = chain != null ? chain.snapshot()
                : ExportedSnapshot.export(b.source(), settings.lockTimeout());
        b.snapshot(snapshot);
        List<SourceTable> tables;
        try {
            tables = TableLister.list(snapshot.connection(), settings.schemas(), settings.include(), settings.exclude());
        } catch (SQLException e) {
            throw TableTrouble.explain("(one of the source's tables)", e);
        }
        if (chain != null && !chain.published().equals(tables.stream().map(SourceTable::label).toList())) {
            ChainStarter.drop(b.source(), chain.changes().slot());
            throw DrkitException.failed("the source's tables changed while the backup started its chain; run it again",
                    null);
        }
        snapshot.lock(tables);
        Map<String, TierRule> tiers = TierPlanner.plan(snapshot.connection(), tables, this.tiers);
        tables = TableLister.withSizes(snapshot.connection(), tables);
        List<PlannedPart> parts = PartPlanner.plan(b.pointId(), tables, settings.partSize().toBytes(),
                settings.effectiveParallelism(), b.codec().suffix(), tiers);
        Manifest.Codec codec = new Manifest.Codec(b.codec().compression().label(),
                b.codec().encrypted() ? Encryption.ALGORITHM : null,
                b.codec().encrypted() ? b.codec().key().id() : null);
        BackupPlan plan = new BackupPlan(b.pointId(), snapshot.id(), snapshot.time(), snapshot.source(), snapshot.ref(),
                codec, tables, parts, (System.nanoTime() - started) / 1_000_000, chain == null ? null : chain.changes());
        b.plan(plan);
        // in the snapshot step's context, not the job's: Spring Batch reads the job's context with every
        // part's step execution, so a plan of thousands of parts there made the data step quadratic
        JobContexts.put(JobContexts.step(chunk), JobContexts.PLAN, plan);
        return RepeatStatus.FINISHED;
    }
}

package io.drkit.restore;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.manifest.Manifest.ChangePart;
import io.drkit.manifest.Manifest.TableEntry;

/**
 * The chain's changes, table by table, on top of the full point's rows and before the indexes and
 * constraints are built: each table's changes apply in one transaction with its ledger record, so
 * a restore killed here applies none of a table's changes twice.
 */
@Component
class ChangesTasklet implements Tasklet {

    private final ActiveRestores restores;

    ChangesTasklet(ActiveRestores restores) {
        this.restores = restores;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        ActiveRestore r = restores.get(RestoreJobConfiguration.runId(chunk));
        if (r.point().changes() == null || !r.point().incremental()) {
            return RepeatStatus.FINISHED;
        }
        Map<String, List<ChangePart>> byTable = new LinkedHashMap<>();
        for (ChangePart p : r.point().changes().parts()) {
            byTable.computeIfAbsent(p.table(), t -> new ArrayList<>()).add(p);
        }
        for (TableEntry table : r.restoredTables()) {
            List<ChangePart> parts = byTable.get(ActiveRestore.label(table));
            if (parts == null) {
                continue;
            }
            String item = "changes " + ActiveRestore.label(table);
            try (Connection c = TargetSessions.open(r)) {
                c.setAutoCommit(false);
                if (RestoreLedger.isDone(c, item)) {
                    c.rollback();
                    continue;
                }
                long rows = ChangeApplier.apply(c, r, table, parts, r.until());
                RestoreLedger.record(c, item);
                c.commit();
                contribution.incrementWriteCount(rows);
                r.meter().changes(rows);
            }
        }
        return RepeatStatus.FINISHED;
    }
}

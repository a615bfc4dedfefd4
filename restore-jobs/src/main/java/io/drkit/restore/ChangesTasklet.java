package io.drkit.restore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.manifest.Manifest.ChangePart;
import io.drkit.core.manifest.Manifest.TableEntry;

/**
 * The chain's changes, table by table, on top of the full point's rows and before the indexes and
 * constraints are built: each table's changes apply in one transaction with its ledger record, so
 * a restore killed here applies none of a table's changes twice.
 */
@Component
class ChangesTasklet extends RestoreTasklet {

    ChangesTasklet(LiveRuns runs) {
        super(runs);
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        if (r.point().changes() == null || !r.point().incremental()) {
            return;
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
            long[] rows = {0};
            if (once(r, "changes " + ActiveRestore.label(table),
                    c -> rows[0] = ChangeApplier.apply(c, r, table, parts, r.until()))) {
                contribution.incrementWriteCount(rows[0]);
                r.meter().changes(rows[0]);
            }
        }
    }
}

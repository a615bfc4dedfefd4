package io.drkit.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.error.DrkitException;
import io.drkit.pg.DumpScript;

/** Types, tables and everything else the rows need, in one transaction with its ledger record. */
@Component
class PreDataTasklet implements Tasklet {

    static final String ITEM = "pre-data";

    private final ActiveRestores restores;

    PreDataTasklet(ActiveRestores restores) {
        this.restores = restores;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        ActiveRestore r = restores.get(RestoreJobConfiguration.runId(chunk));
        String script = DumpScript.parse(r.schemaFile(r.point().schema().preData())).sql();
        try (Connection c = TargetSessions.open(r)) {
            c.setAutoCommit(false);
            if (!RestoreLedger.isDone(c, ITEM)) {
                try (Statement s = c.createStatement()) {
                    s.execute(script);
                } catch (SQLException e) {
                    throw DrkitException.failed("creating the point's tables in " + r.target().name() + " failed: "
                            + e.getMessage(), e);
                }
                RestoreLedger.record(c, ITEM);
            }
            c.commit();
        }
        return RepeatStatus.FINISHED;
    }
}

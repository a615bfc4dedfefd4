package io.drkit.restore;

import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.DumpScript;

/** Types, tables and everything else the rows need, in one transaction with its ledger record. */
@Component
class PreDataTasklet extends RestoreTasklet {

    static final String ITEM = "pre-data";

    PreDataTasklet(LiveRuns runs) {
        super(runs);
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        String script = DumpScript.parse(r.schemaFile(r.point().schema().preData())).sql();
        once(r, ITEM, c -> {
            try (Statement s = c.createStatement()) {
                s.execute(script);
            } catch (SQLException e) {
                throw DrkitException.failed("creating the point's tables in " + r.target().name() + " failed: "
                        + e.getMessage(), e);
            }
        });
    }
}

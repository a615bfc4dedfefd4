package io.drkit.restore;

import java.sql.Statement;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.pg.DumpScript;

/** Sequences and identity columns to the source's positions, so new rows get new keys. */
@Component
class SequencesTasklet extends RestoreTasklet {

    static final String ITEM = "sequences";

    SequencesTasklet(LiveRuns runs) {
        super(runs);
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        String script = DumpScript.parse(r.schemaFile(r.point().schema().sequences())).sql();
        once(r, ITEM, c -> {
            if (!script.isBlank()) {
                try (Statement s = c.createStatement()) {
                    s.execute(script);
                }
            }
        });
    }
}

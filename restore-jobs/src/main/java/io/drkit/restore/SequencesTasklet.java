package io.drkit.restore;

import java.sql.Connection;
import java.sql.Statement;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.pg.DumpScript;

/** Sequences and identity columns to the source's positions, so new rows get new keys. */
@Component
class SequencesTasklet implements Tasklet {

    static final String ITEM = "sequences";

    private final ActiveRestores restores;

    SequencesTasklet(ActiveRestores restores) {
        this.restores = restores;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        ActiveRestore r = restores.get(RestoreJobConfiguration.runId(chunk));
        String script = DumpScript.parse(r.schemaFile(r.point().schema().sequences())).sql();
        try (Connection c = TargetSessions.open(r)) {
            c.setAutoCommit(false);
            if (!RestoreLedger.isDone(c, ITEM)) {
                if (!script.isBlank()) {
                    try (Statement s = c.createStatement()) {
                        s.execute(script);
                    }
                }
                RestoreLedger.record(c, ITEM);
            }
            c.commit();
        }
        return RepeatStatus.FINISHED;
    }
}

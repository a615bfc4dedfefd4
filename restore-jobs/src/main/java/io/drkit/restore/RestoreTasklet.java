package io.drkit.restore;

import java.sql.Connection;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import io.drkit.core.batch.LiveRuns;

/**
 * A step of the restore job: looks up its run, then does its work, whose units each commit together
 * with their record in the target's ledger ({@link #once}), so a run after a kill skips what is done
 * there, whatever Spring Batch knew of it.
 */
abstract class RestoreTasklet implements Tasklet {

    private final LiveRuns runs;

    RestoreTasklet(LiveRuns runs) {
        this.runs = runs;
    }

    @Override
    public final RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        run(runs.get(ActiveRestore.RUN, chunk), contribution, chunk);
        return RepeatStatus.FINISHED;
    }

    /** The step's work for the run {@code r}. */
    abstract void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception;

    /** One unit of work, on a connection to the target in a transaction the caller does not commit. */
    @FunctionalInterface
    interface Unit {
        void run(Connection c) throws Exception;
    }

    /**
     * Runs a unit unless the ledger records {@code item} as done: the work and its record commit in
     * one transaction.
     *
     * @return whether the unit ran (false when an earlier run had done it)
     */
    static boolean once(ActiveRestore r, String item, Unit unit) throws Exception {
        try (Connection c = TargetSessions.open(r)) {
            c.setAutoCommit(false);
            if (RestoreLedger.isDone(c, item)) {
                c.rollback();
                return false;
            }
            unit.run(c);
            RestoreLedger.record(c, item);
            c.commit();
            return true;
        }
    }
}

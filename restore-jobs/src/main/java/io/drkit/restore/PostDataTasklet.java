package io.drkit.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.StopSignal;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.DumpScript;
import io.drkit.core.pg.Identifiers;

/**
 * Indexes, constraints and triggers: the first wave on several connections, then the rest in order.
 * In a staged restore, the part of them its stage does (see {@link PostDataStage}).
 */
class PostDataTasklet extends RestoreTasklet {

    private final RestoreFailPoints failPoints;
    private final PostDataStage stage;

    PostDataTasklet(LiveRuns runs, RestoreFailPoints failPoints, PostDataStage stage) {
        super(runs);
        this.failPoints = failPoints;
        this.stage = stage;
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        PostDataPlan whole = PostDataPlan.of(DumpScript.parse(r.schemaFile(r.point().schema().postData())),
                restoredWithParents(r), rowsByTable(r), rootsOf(r));
        if (stage != PostDataStage.COLD) {
            r.skippedForeignKeys().addAll(whole.skippedForeignKeys());
        }
        PostDataPlan plan = stage.of(whole, TierRows.of(r), rootsOf(r));
        Set<String> done;
        try (Connection c = TargetSessions.open(r)) {
            done = RestoreLedger.done(c);
        }
        AtomicInteger ran = new AtomicInteger();
        // the first wave's statements are independent: where two touch one table, the server queues them
        LockAwareWave.run(pending(plan.parallel(), done), s -> Set.of(), r.parallelism(), () -> worker(r, plan, ran));
        List<PostDataPlan.Step> serial = pending(plan.serial(), done);
        try (Connection c = session(r, plan)) {
            for (int i = 0; i < serial.size();) {
                if (!serial.get(i).foreignKey()) {
                    run(c, r, serial.get(i++), ran);
                    continue;
                }
                int end = i;
                while (end < serial.size() && serial.get(end).foreignKey()) {
                    end++;
                }
                LockAwareWave.run(serial.subList(i, end), PostDataPlan.Step::locks, r.parallelism(),
                        () -> worker(r, plan, ran));
                i = end;
            }
        }
        failPoints.halt(failPoints.haltBeforeSequences());
    }

    private static List<PostDataPlan.Step> pending(List<PostDataPlan.Step> steps, Set<String> done) {
        return steps.stream().filter(s -> !done.contains(s.item())).toList();
    }

    /** A connection of its own that runs steps, for a wave of them. */
    private LockAwareWave.Worker<PostDataPlan.Step> worker(ActiveRestore r, PostDataPlan plan, AtomicInteger ran)
            throws SQLException {
        Connection c = session(r, plan);
        return new LockAwareWave.Worker<>() {
            @Override
            public void run(PostDataPlan.Step step) throws SQLException {
                PostDataTasklet.this.run(c, r, step, ran);
            }

            @Override
            public void close() throws SQLException {
                c.close();
            }
        };
    }

    private static Connection session(ActiveRestore r, PostDataPlan plan) throws SQLException {
        Connection c = TargetSessions.open(r);
        try (Statement s = c.createStatement()) {
            s.execute(plan.preamble());
        }
        c.setAutoCommit(false);
        return c;
    }

    /** One entry and its ledger record in one transaction (an index built concurrently: right after it). */
    private void run(Connection c, ActiveRestore r, PostDataPlan.Step step, AtomicInteger ran) throws SQLException {
        StopSignal.checkpoint();
        if (step.concurrently()) {
            concurrently(c, r, step);
            failPoints.halt(failPoints.haltAfterPostData() > 0 && ran.incrementAndGet() >= failPoints.haltAfterPostData());
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(step.entry().sql());
            RestoreLedger.record(c, step.item());
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw DrkitException.failed(step.entry().type().toLowerCase() + " " + step.entry().name() + " of point "
                    + r.point().pointId() + " failed in " + r.target().name() + ": " + e.getMessage(), e);
        }
        failPoints.halt(failPoints.haltAfterPostData() > 0 && ran.incrementAndGet() >= failPoints.haltAfterPostData());
    }

    /**
     * {@code CREATE INDEX CONCURRENTLY} cannot run in a transaction: it commits on its own, then its
     * ledger record. A build killed half-way leaves an invalid index of the name, dropped before the
     * next try; a build done but not recorded is found valid and only recorded.
     */
    private static void concurrently(Connection c, ActiveRestore r, PostDataPlan.Step step) throws SQLException {
        String index = Identifiers.quote(step.entry().schema()) + "." + Identifiers.quote(step.entry().name());
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                boolean exists;
                boolean valid;
                try (java.sql.ResultSet rs = s.executeQuery("SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = "
                        + "to_regclass(" + Identifiers.literal(index) + ")")) {
                    exists = rs.next();
                    valid = exists && rs.getBoolean(1);
                }
                if (exists && !valid) {
                    s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
                }
                if (!valid) {
                    s.execute(step.entry().sql());
                }
            }
            c.setAutoCommit(false);
            RestoreLedger.record(c, step.item());
            c.commit();
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            throw DrkitException.failed("index " + step.entry().name() + " of point " + r.point().pointId()
                    + " failed in " + r.target().name() + ": " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(false);
        }
    }

    /** Restored tables, and the partitioned tables all of whose restored rows live in them. */
    private static Set<String> restoredWithParents(ActiveRestore r) {
        Set<String> restored = new HashSet<>();
        for (TableEntry t : r.restoredTables()) {
            restored.add(ActiveRestore.label(t));
            if (t.partitionRoot() != null) {
                restored.add(t.partitionRoot());
            }
        }
        return restored;
    }

    static Map<String, String> rootsOf(ActiveRestore r) {
        Map<String, String> roots = new HashMap<>();
        for (TableEntry t : r.point().tables()) {
            if (t.partitionRoot() != null) {
                roots.put(ActiveRestore.label(t), t.partitionRoot());
            }
        }
        return roots;
    }

    private static Map<String, Long> rowsByTable(ActiveRestore r) {
        Map<String, Long> rows = new HashMap<>();
        for (TableEntry t : r.point().tables()) {
            rows.merge(ActiveRestore.label(t), t.rows(), Long::sum);
            if (t.partitionRoot() != null) {
                rows.merge(t.partitionRoot(), t.rows(), Long::sum);
            }
        }
        return rows;
    }
}

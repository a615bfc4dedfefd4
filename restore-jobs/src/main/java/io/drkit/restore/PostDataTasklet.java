package io.drkit.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.error.DrkitException;
import io.drkit.manifest.Manifest.TableEntry;
import io.drkit.pg.DumpScript;

/** Indexes, constraints and triggers: the first wave on several connections, then the rest in order. */
@Component
class PostDataTasklet implements Tasklet {

    private final ActiveRestores restores;
    private final RestoreFailPoints failPoints;

    PostDataTasklet(ActiveRestores restores, RestoreFailPoints failPoints) {
        this.restores = restores;
        this.failPoints = failPoints;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        ActiveRestore r = restores.get(RestoreJobConfiguration.runId(chunk));
        PostDataPlan plan = PostDataPlan.of(DumpScript.parse(r.schemaFile(r.point().schema().postData())),
                restoredWithParents(r), rowsByTable(r));
        r.skippedForeignKeys().addAll(plan.skippedForeignKeys());
        Set<String> done;
        try (Connection c = TargetSessions.open(r)) {
            done = RestoreLedger.done(c);
        }
        AtomicInteger ran = new AtomicInteger();
        ConcurrentLinkedQueue<PostDataPlan.Step> queue = new ConcurrentLinkedQueue<>(
                plan.parallel().stream().filter(s -> !done.contains(s.item())).toList());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, r.parallelism()));
        try {
            List<Future<Void>> workers = new java.util.ArrayList<>();
            for (int i = 0; i < r.parallelism(); i++) {
                workers.add(pool.submit(() -> {
                    try (Connection c = session(r, plan)) {
                        for (PostDataPlan.Step s; (s = queue.poll()) != null;) {
                            run(c, r, s, ran);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> w : workers) {
                unwrap(w);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = session(r, plan)) {
            for (PostDataPlan.Step s : plan.serial()) {
                if (!done.contains(s.item())) {
                    run(c, r, s, ran);
                }
            }
        }
        failPoints.halt(failPoints.haltBeforeSequences());
        return RepeatStatus.FINISHED;
    }

    private static Connection session(ActiveRestore r, PostDataPlan plan) throws SQLException {
        Connection c = TargetSessions.open(r);
        try (Statement s = c.createStatement()) {
            s.execute(plan.preamble());
        }
        c.setAutoCommit(false);
        return c;
    }

    /** One entry and its ledger record in one transaction. */
    private void run(Connection c, ActiveRestore r, PostDataPlan.Step step, AtomicInteger ran) throws SQLException {
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

    private static void unwrap(Future<Void> w) throws Exception {
        try {
            w.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
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

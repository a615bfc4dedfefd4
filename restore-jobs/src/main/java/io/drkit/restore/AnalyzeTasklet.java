package io.drkit.restore;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.Identifiers;

/** Planner statistics for every restored table, so the first queries after a restore plan well. */
@Component
class AnalyzeTasklet extends RestoreTasklet {

    AnalyzeTasklet(LiveRuns runs) {
        super(runs);
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        ConcurrentLinkedQueue<TableEntry> queue = new ConcurrentLinkedQueue<>(r.restoredTables().stream()
                .sorted((a, b) -> Long.compare(b.rows(), a.rows())).toList());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, r.parallelism()));
        try {
            List<Future<Object>> workers = new java.util.ArrayList<>();
            for (int i = 0; i < r.parallelism(); i++) {
                workers.add(pool.submit(() -> {
                    try (Connection c = TargetSessions.open(r); Statement s = c.createStatement()) {
                        for (TableEntry t; (t = queue.poll()) != null;) {
                            s.execute("ANALYZE " + Identifiers.quote(t.schema()) + "." + Identifiers.quote(t.name()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Object> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

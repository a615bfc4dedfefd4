package io.drkit.verify.restore;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;

import io.drkit.core.digest.ContentDigest;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SessionSettings;
import io.drkit.core.progress.Progress;

/**
 * Reads every restored table back with {@code COPY ... TO STDOUT}, rendered as at backup time, and
 * recomputes its row count and order-independent content digest.
 */
final class TableReadBack {

    private TableReadBack() {}

    static List<TableComparison> compare(JdbcUrl database, Manifest point, int parallelism, Progress progress) {
        return compare(database, point.tables(), DigestAlgorithm.of(point.digestAlgorithm()), parallelism, progress);
    }

    /** Some tables of a point (or a tier's figures of them), whose digests were built with the point's algorithm. */
    static List<TableComparison> compare(JdbcUrl database, List<TableEntry> tablesOfPoint, DigestAlgorithm algorithm,
            int parallelism, Progress progress) {
        ConcurrentLinkedQueue<TableEntry> queue = new ConcurrentLinkedQueue<>(tablesOfPoint);
        List<TableComparison> results = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                workers.add(pool.submit(() -> {
                    try (Connection c = PgConnections.open(database, "restored")) {
                        SessionSettings.applyCanonicalOutput(c);
                        for (TableEntry t; (t = queue.poll()) != null;) {
                            results.add(readBack(c, t, algorithm));
                            progress.advance(t.rows());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DrkitException d) {
                throw d;
            }
            throw DrkitException.failed("reading the restored tables back failed: "
                    + JdbcUrl.redact(String.valueOf(e.getCause().getMessage())), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DrkitException.failed("reading the restored tables back was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        results.sort((a, b) -> a.table().compareTo(b.table()));
        return results;
    }

    private static TableComparison readBack(Connection c, TableEntry t, DigestAlgorithm algorithm)
            throws SQLException, IOException {
        String table = Identifiers.quote(t.schema()) + "." + Identifiers.quote(t.name());
        ContentDigest digest = new ContentDigest(algorithm);
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                "COPY (SELECT " + Identifiers.quoteAll(t.columns()) + " FROM ONLY " + table + ") TO STDOUT", digest);
        digest.close();
        return new TableComparison(t.schema() + "." + t.name(), t.rows(), digest.rows(), t.digest(), digest.hex());
    }
}

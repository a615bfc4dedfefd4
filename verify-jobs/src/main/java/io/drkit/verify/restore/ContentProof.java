package io.drkit.verify.restore;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.progress.Progress;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.ProvenAt;
import io.drkit.restore.RestoreFailedException;
import io.drkit.restore.RestoreRequest;
import io.drkit.restore.RestoreResult;
import io.drkit.restore.RestoreService;

/**
 * The content of a point without digests, proven at the nearest later point of its chain that has
 * them. The point itself was restored and its rows counted; here only its unproven tables (those
 * changed since the chain's last point with digests) are restored again at the proving point, into a
 * scratch database of their own, and read back against that point's digests. Every change of the
 * unproven point is applied there too, so one lost before it shows as that table's difference.
 */
final class ContentProof {

    static final String KIND = RestoreVerification.CONTENT_PROOF;

    private ContentProof() {}

    /**
     * @param chosen the point as its manifest has it (not its chain as one)
     * @param unproven its tables without a digest, by label
     */
    static CheckOutcome atProvenPoint(RestoreService restores, JdbcUrl scratchServer, PointRepository repository,
            Manifest chosen, List<String> unproven, int parallelism, ProgressReporter reporter, Consumer<String> log) {
        long started = System.nanoTime();
        Optional<Manifest> provenAt = ProvenAt.find(repository, chosen);
        if (provenAt.isEmpty()) {
            return new CheckOutcome(KIND, "not proven", CheckOutcome.Result.NOT_RUN, ProvenAt.describe(chosen,
                    Optional.empty()) + ": it could not be proven; verify it again after a point with digests "
                    + "(backup --incremental --digests takes one)", millis(started));
        }
        Manifest q = provenAt.get();
        String said = ProvenAt.describe(chosen, Optional.of(q.pointId()));
        log.accept("verify: " + said + ": restoring " + String.join(", ", unproven) + " at " + q.pointId());
        RestoreResult restored;
        try {
            restored = restores.restore(repository, q, new RestoreRequest(q.pointId(), null, null, unproven,
                    true, true), reporter, log);
        } catch (RestoreFailedException e) {
            return new CheckOutcome(KIND, "proven at " + q.pointId(), CheckOutcome.Result.FAILED,
                    said + ": its restore failed: " + e.reason(), millis(started));
        }
        try {
            List<TableEntry> tables = restored.point().tables().stream()
                    .filter(t -> unproven.contains(t.schema() + "." + t.name())).toList();
            List<TableComparison> compared;
            try (Progress progress = reporter.start("read back " + restored.database(),
                    tables.stream().mapToLong(TableEntry::rows).sum(), "rows", 1)) {
                compared = TableReadBack.compare(scratchServer.withDatabase(restored.database()), tables,
                        DigestAlgorithm.of(restored.point().digestAlgorithm()), parallelism, progress);
            }
            List<String> differing = compared.stream().filter(t -> !t.matches()).map(t -> "table " + t.table()
                    + (t.sourceRows() != t.restoredRows() ? " has " + t.restoredRows() + " rows there, " + t.sourceRows()
                            + " backed up" : " differs from its content digest there")).toList();
            return new CheckOutcome(KIND, "proven at " + q.pointId(), CheckOutcome.Result.of(differing.isEmpty()),
                    differing.isEmpty() ? said + ": " + compared.size() + " tables read back equal to its digests"
                            : said + ": " + String.join("; ", differing) + " (a change up to " + q.pointId()
                                    + " was lost)", millis(started));
        } finally {
            try {
                restores.dropScratch(restored.database());
            } catch (DrkitException e) {
                if (e.exitCode() != ExitCode.JOB_FAILED) {
                    throw e;
                }
                log.accept("verify: " + e.getMessage());
            }
        }
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}

package io.drkit.verify.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import io.drkit.config.RuntimeSettings;
import io.drkit.error.DrkitException;
import io.drkit.manifest.Manifest;
import io.drkit.pg.JdbcUrl;
import io.drkit.pg.PgConnections;
import io.drkit.pg.SchemaFingerprint;
import io.drkit.pg.SessionSettings;
import io.drkit.progress.Progress;
import io.drkit.progress.ProgressReporter;
import io.drkit.repository.PointRepository;
import io.drkit.repository.RepositoryOpener;
import io.drkit.restore.RestoreRequest;
import io.drkit.restore.RestoreResult;
import io.drkit.restore.RestoreService;

/**
 * {@code drkit verify --restore}: restores a point into a scratch database, reads every table back
 * and compares rows and digests with the manifest, proves the constraints hold, checks the B-tree
 * indexes with amcheck, compares the schema fingerprint and runs the business checks. The scratch
 * database is dropped afterwards, whatever happened, unless it is to be kept.
 */
@Service
public class RestoreVerifyService {

    private final RestoreService restores;
    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final VerifyFailPoints failPoints;

    public RestoreVerifyService(RestoreService restores, RuntimeSettings settings, RepositoryOpener opener,
            VerifyFailPoints failPoints) {
        this.restores = restores;
        this.settings = settings;
        this.opener = opener;
        this.failPoints = failPoints;
    }

    public RestoreVerification verify(String pointId, boolean keep, ProgressReporter reporter, Consumer<String> log) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        String id = pointId != null ? pointId : newestPoint();
        boolean done = false;
        try {
            RestoreResult restored = restores.restore(new RestoreRequest(id, null, null, List.of(), true), reporter, log);
            Map<String, Long> phases = new LinkedHashMap<>();
            phases.put("restore", restored.duration().toMillis());
            JdbcUrl database = settings.scratchUrl().withDatabase(restored.database());
            runTestHook(database);
            Manifest point = restored.point();
            long t = System.nanoTime();
            List<TableComparison> tables;
            try (Progress progress = reporter.start("read back " + restored.database(), point.rows(), "rows", 1)) {
                tables = TableReadBack.compare(database, point, settings.properties().restore().effectiveParallelism(),
                        progress);
            }
            phases.put("read-back", (System.nanoTime() - t) / 1_000_000);
            List<CheckOutcome> checks = new ArrayList<>();
            try (Connection c = PgConnections.open(database, "restored")) {
                // the fingerprint renders partition bounds and defaults as the backup's session did
                SessionSettings.applyCanonicalOutput(c);
                t = System.nanoTime();
                checks.addAll(ConstraintChecks.run(c));
                phases.put("constraints", (System.nanoTime() - t) / 1_000_000);
                t = System.nanoTime();
                checks.addAll(IndexChecks.run(c));
                phases.put("indexes", (System.nanoTime() - t) / 1_000_000);
                t = System.nanoTime();
                checks.add(schema(c, point));
                phases.put("schema", (System.nanoTime() - t) / 1_000_000);
                t = System.nanoTime();
                checks.addAll(BusinessChecks.run(c, settings.properties().verify().checks()));
                phases.put("business", (System.nanoTime() - t) / 1_000_000);
            } catch (SQLException e) {
                throw DrkitException.failed("checking the restored database failed: " + JdbcUrl.redact(e.getMessage()), e);
            }
            done = true;
            return new RestoreVerification(startedAt, restored, tables, checks, phases,
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            if (!keep) {
                dropQuietly(RestoreService.scratchDatabase(id), log, done);
            }
        }
    }

    private CheckOutcome schema(Connection c, Manifest point) throws SQLException {
        long started = System.nanoTime();
        Map<String, String> expected = point.schema().fingerprint();
        if (expected == null) {
            return new CheckOutcome("schema", "tables, columns, constraints, indexes", null,
                    "not compared: the point was taken before drkit recorded schema fingerprints", 0);
        }
        List<String> differences = SchemaFingerprint.differences(expected, SchemaFingerprint.of(c, List.of()));
        return new CheckOutcome("schema", "tables, columns, constraints, indexes", differences.isEmpty(),
                differences.isEmpty() ? expected.size() + " tables as at backup time" : String.join("; ", differences),
                (System.nanoTime() - started) / 1_000_000);
    }

    private void runTestHook(JdbcUrl database) {
        String sql = failPoints.sqlBeforeCompare();
        if (sql == null || sql.isBlank()) {
            return;
        }
        try (Connection c = PgConnections.open(database, "restored"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw DrkitException.failed("the test hook failed: " + e.getMessage(), e);
        }
    }

    private String newestPoint() {
        PointRepository repository = opener.open(1);
        try {
            List<String> ids = repository.pointIds();
            if (ids.isEmpty()) {
                throw DrkitException.usage("the repository " + repository.store().uri() + " holds no complete point");
            }
            return ids.get(0);
        } finally {
            repository.store().close();
        }
    }

    /** A failure must reach the operator as it was, not as a failed drop after it. */
    private void dropQuietly(String database, Consumer<String> log, boolean succeeded) {
        try {
            restores.dropScratch(database);
            log.accept("verify: scratch database " + database + " dropped (use --keep to keep it)");
        } catch (DrkitException e) {
            if (succeeded) {
                throw e;
            }
            log.accept("verify: " + e.getMessage());
        }
    }
}

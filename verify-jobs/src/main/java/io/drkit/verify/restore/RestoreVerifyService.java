package io.drkit.verify.restore;

import java.io.IOException;
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

import org.springframework.batch.core.job.Job;
import org.springframework.stereotype.Service;

import io.drkit.verify.RestoreVerifyStep;
import io.drkit.core.manifest.PointId;
import io.drkit.core.access.AccessCatalog;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.config.DrkitProperties.BusinessCheck;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SchemaFingerprint;
import io.drkit.core.pg.SessionSettings;
import io.drkit.core.progress.Progress;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointFiles;
import io.drkit.core.repository.PointRepository;
import io.drkit.restore.RestoreFailedException;
import io.drkit.restore.RestoreRequest;
import io.drkit.restore.RestoreResult;
import io.drkit.restore.RestoreService;
import io.drkit.core.batch.StagedJobs;

/**
 * {@code drkit verify --restore}: restores a point into a scratch database, reads every table back
 * and compares rows and digests with the manifest, proves the constraints hold, checks the B-tree
 * indexes with amcheck, compares the schema and privileges fingerprints (owners, grants, policies,
 * roles, the database's settings and extensions) and runs the business checks. A point without
 * digests has its rows counted, and its content proven at the next point with digests
 * ({@link ContentProof}). The scratch database is dropped afterwards, whatever happened, unless it
 * is to be kept.
 */
@Service
public class RestoreVerifyService {

    private final RestoreService restores;
    private final RuntimeSettings settings;
    private final VerifyFailPoints failPoints;
    private final StagedJobs staged;
    private final Job job;

    public RestoreVerifyService(RestoreService restores, RuntimeSettings settings,
            VerifyFailPoints failPoints, StagedJobs staged, Job verifyRestoreJob) {
        this.restores = restores;
        this.settings = settings;
        this.failPoints = failPoints;
        this.staged = staged;
        this.job = verifyRestoreJob;
    }

    /** Opens the repository as the restore reads it, for a caller that chooses the point itself. */
    public PointRepository open() {
        return restores.open();
    }

    /** @param pointId the point to restore and check, or null for the newest */
    public RestoreVerification verify(PointId pointId, boolean keep, ProgressReporter reporter, Consumer<String> log) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        try (PointRepository repository = restores.open()) {
            Manifest point = pointId != null ? repository.manifest(pointId) : newestPoint(repository);
            return verify(repository, point, keep, startedAt, started, reporter, log);
        }
    }

    /** Restores and checks a point the caller chose, from the repository it opened with {@link RestoreService#open()}. */
    public RestoreVerification verify(PointRepository repository, Manifest chosen, boolean keep, ProgressReporter reporter,
            Consumer<String> log) {
        return verify(repository, chosen, keep, RestoreStages.NONE, reporter, log);
    }

    /** As {@link #verify(PointRepository, Manifest, boolean, ProgressReporter, Consumer)}, with work between the restore's stages. */
    public RestoreVerification verify(PointRepository repository, Manifest chosen, boolean keep, RestoreStages stages,
            ProgressReporter reporter, Consumer<String> log) {
        return verify(repository, chosen, keep, stages, Instant.now(), System.nanoTime(), reporter, log);
    }

    private RestoreVerification verify(PointRepository repository, Manifest chosen, boolean keep, Instant startedAt,
            long started, ProgressReporter reporter, Consumer<String> log) {
        return verify(repository, chosen, keep, RestoreStages.NONE, startedAt, started, reporter, log);
    }

    private RestoreVerification verify(PointRepository repository, Manifest chosen, boolean keep, RestoreStages hooks,
            Instant startedAt, long started, ProgressReporter reporter, Consumer<String> log) {
        PointId id = chosen.pointId();
        boolean done = false;
        // a run refused because another holds the scratch database's lock must leave that run's database be
        boolean ours = true;
        try {
            RestoreResult restored;
            try {
                restored = restore(repository, chosen, keep, hooks, reporter, log);
            } catch (DrkitException e) {
                ours = e.exitCode() != ExitCode.LOCKED;
                throw e;
            }
            hooks.restored().run();
            Map<String, Long> phases = new LinkedHashMap<>();
            phases.put("restore", restored.duration().toMillis());
            JdbcUrl database = settings.scratchUrl().withDatabase(restored.database());
            runTestHook(database);
            Manifest point = restored.point();
            AccessCatalog catalog = accessCatalog(repository, point);
            List<TableComparison> tables = new ArrayList<>();
            List<CheckOutcome> checks = new ArrayList<>();
            int parallelism = settings.properties().restore().effectiveParallelism();
            List<BusinessCheck> business = settings.properties().verify().checks();
            Map<RestoreVerifyStep, Runnable> stages = Map.of(
                    RestoreVerifyStep.READ_BACK, () -> {
                        try (Progress progress = reporter.start("read back " + restored.database(), point.rows(), "rows", 1)) {
                            tables.addAll(TableReadBack.compare(database, point, parallelism, progress));
                        }
                    },
                    RestoreVerifyStep.CONSTRAINTS, () -> checks.addAll(onRestored(database, ConstraintChecks::run)),
                    RestoreVerifyStep.INDEXES, () -> checks.addAll(onRestored(database, IndexChecks::run)),
                    RestoreVerifyStep.SCHEMA, () -> checks.addAll(onRestored(database, c -> List.of(schema(c, point)))),
                    RestoreVerifyStep.PRIVILEGES,
                    () -> checks.addAll(onRestored(database, c -> AccessChecks.run(c, point, catalog))),
                    RestoreVerifyStep.BUSINESS, () -> checks.addAll(onRestored(database, c -> BusinessChecks.run(c, business))));
            phases.putAll(staged.run(job, Map.of("pointId", id.value(), "database", restored.database()), stages));
            // the point's own restore and checks are what a recovery takes (a drill's RTO); the proof at a later point is not
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            List<String> unproven = point.tables().stream().filter(t -> !t.proven()).map(t -> t.schema() + "." + t.name())
                    .toList();
            if (!unproven.isEmpty()) {
                if (!keep) {
                    dropQuietly(RestoreService.scratchDatabase(id), log, true);
                    ours = false;
                }
                checks.add(ContentProof.atProvenPoint(restores, settings.scratchUrl(), repository, chosen, unproven,
                        parallelism, reporter, log));
            }
            done = true;
            return new RestoreVerification(startedAt, restored, tables, checks, phases, duration);
        } finally {
            if (!keep && ours) {
                dropQuietly(RestoreService.scratchDatabase(id), log, done);
            }
        }
    }

    /** A failed restore's advice to run it again does not hold when the scratch database is about to be dropped. */
    private RestoreResult restore(PointRepository repository, Manifest point, boolean keep, RestoreStages hooks,
            ProgressReporter reporter, Consumer<String> log) {
        try {
            return restores.restore(repository, point, new RestoreRequest(point.pointId(), null, null, List.of(), true, true)
                    .servingListener(hooks.serving()), reporter, log);
        } catch (RestoreFailedException e) {
            if (keep) {
                throw e;
            }
            throw new DrkitException(e.exitCode(), e.reason() + " (its scratch database is dropped)", e);
        }
    }

    /** Checks that need one connection to the restored database, rendering values as the backup did. */
    private static List<CheckOutcome> onRestored(JdbcUrl database, SqlChecks checks) {
        try (Connection c = PgConnections.open(database, "restored")) {
            SessionSettings.applyCanonicalOutput(c);
            return checks.run(c);
        } catch (SQLException e) {
            throw DrkitException.failed("checking the restored database failed: " + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    private interface SqlChecks {
        List<CheckOutcome> run(Connection c) throws SQLException;
    }

    private static CheckOutcome schema(Connection c, Manifest point) throws SQLException {
        long started = System.nanoTime();
        Map<String, String> expected = point.schema().fingerprint();
        if (expected == null) {
            return new CheckOutcome("schema", "tables, columns, constraints, indexes", CheckOutcome.Result.NOT_RUN,
                    "not compared: the point was taken before drkit recorded schema fingerprints", 0);
        }
        List<String> differences = SchemaFingerprint.differences(expected, SchemaFingerprint.of(c, List.of()));
        return new CheckOutcome("schema", "tables, columns, constraints, indexes",
                CheckOutcome.Result.of(differences.isEmpty()),
                differences.isEmpty() ? expected.size() + " tables as at backup time" : String.join("; ", differences),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The point's access record (roles, each object's grants), or null for a point taken before drkit kept one. */
    private static AccessCatalog accessCatalog(PointRepository repository, Manifest point) {
        if (point.access() == null) {
            return null;
        }
        try {
            Codec codec = new Codec(Compression.of(point.codec().compression()), 1, repository.key());
            return AccessCatalog.parse(PointFiles.text(repository, codec, point, point.access().catalog()));
        } catch (IOException e) {
            throw DrkitException.failed("reading the access record of point " + point.pointId() + " failed: "
                    + e.getMessage(), e);
        }
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

    private static Manifest newestPoint(PointRepository repository) {
        return repository.newest().orElseThrow(() -> DrkitException.usage(
                "the repository " + repository.store().uri() + " holds no complete point"));
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

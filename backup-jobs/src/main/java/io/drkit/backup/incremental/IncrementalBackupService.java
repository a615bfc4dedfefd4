package io.drkit.backup.incremental;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.postgresql.replication.LogSequenceNumber;
import org.springframework.batch.core.job.Job;
import org.springframework.stereotype.Service;

import io.drkit.backup.BackupFailPoints;
import io.drkit.backup.EncodedUpload;
import io.drkit.core.batch.StagedJobs;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.catalog.LockName;
import io.drkit.core.changes.ChangeReader;
import io.drkit.core.changes.ChangeSlots;
import io.drkit.core.changes.ChangeSlots.SlotState;
import io.drkit.core.changes.SlotStart;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.ChangePart;
import io.drkit.core.manifest.Manifest.StoredFile;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.manifest.PointId;
import io.drkit.core.manifest.ToolVersion;
import io.drkit.core.pg.ExportedSnapshot;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SchemaFingerprint;
import io.drkit.core.pg.SequenceDump;
import io.drkit.core.progress.Progress;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointFiles;
import io.drkit.core.repository.PointLayout;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.store.ObjectLockPolicy;

/**
 * Takes an incremental point: the changes committed since the newest point, read from the chain's
 * slot up to the position of a snapshot taken at the job's start. The point exists once its manifest
 * is written; only then does the slot move past it. Killed before that, the changes are still in the
 * slot and the next run takes them, into a point of its own; killed after, the next run starts from
 * the stored point's end, and the source skips what the point already holds.
 */
@Service
public class IncrementalBackupService {

    private final StagedJobs staged;
    private final Job incrementalBackupJob;
    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;
    private final BackupFailPoints failPoints;

    public IncrementalBackupService(StagedJobs staged, Job incrementalBackupJob, RuntimeSettings settings,
            RepositoryOpener opener, Catalog catalog, BackupFailPoints failPoints) {
        this.staged = staged;
        this.incrementalBackupJob = incrementalBackupJob;
        this.settings = settings;
        this.opener = opener;
        this.catalog = catalog;
        this.failPoints = failPoints;
    }

    /**
     * @param reporter shows the slot's reading, by WAL read past; a backlog of hours takes a while
     * @param digestsAsked {@code --digests}: this point records content digests whatever the setting
     */
    public IncrementalResult incremental(ProgressReporter reporter, boolean digestsAsked, Consumer<String> log) {
        DrkitProperties.Incremental cfg = settings.incremental();
        if (!cfg.enabled()) {
            throw DrkitException.usage("incremental backups are off: set DRKIT_INCREMENTAL_ENABLED=true "
                    + "(drkit.incremental.enabled), then take a full backup, which starts the chain incrementals continue");
        }
        long started = System.nanoTime();
        JdbcUrl source = settings.sourceUrl();
        try (PointRepository repository = opener.open(1);
                CatalogLock lock = catalog.lock(LockName.backup(repository.identity()), "drkit backup --incremental")) {
            List<String> removed = clearLeftovers(repository, log);
            Manifest parent = repository.newest().orElse(null);
            if (parent == null || parent.changes() == null) {
                throw DrkitException.usage("no chain to continue: " + (parent == null ? "the repository holds no point"
                        : "the newest point " + parent.pointId() + " was taken with incremental backups off")
                        + "; take a full backup (with DRKIT_INCREMENTAL_ENABLED=true) to start one");
            }
            SourceChecks.canContinue(source, parent, settings.properties().backup());
            Instant now = Instant.now();
            Run run = new Run(PointId.next(now, "incremental"), parent,
                    new Codec(Compression.of(parent.codec().compression()),
                            settings.properties().backup().compressionLevel(), repository.key()),
                    repository, source);
            run.digests = DigestChoice.digests(cfg.digests(), digestsAsked, parent, now);
            try {
                Map<String, Long> phases = staged.run(incrementalBackupJob, Map.of("repository", repository.identity().uri(), "pointId", run.pointId.value()),
                        stages(run, reporter, log));
                SlotState slot = slotState(source, run.manifest.changes().slot());
                return new IncrementalResult(run.manifest, Duration.ofNanos(System.nanoTime() - started),
                        run.changeRows, run.readWhole, slot, removed, phases, run.spilled);
            } finally {
                run.close();
            }
        }
    }

    private Map<IncrementalStep, Runnable> stages(Run run, ProgressReporter reporter, Consumer<String> log) {
        Map<IncrementalStep, Runnable> stages = new EnumMap<>(IncrementalStep.class);
        stages.put(IncrementalStep.SNAPSHOT, () -> snapshot(run));
        stages.put(IncrementalStep.CHANGES, () -> changes(run, reporter, log));
        stages.put(IncrementalStep.STATE, () -> state(run, log));
        stages.put(IncrementalStep.MANIFEST, () -> commit(run, log));
        return stages;
    }

    /** The point's position: a temporary slot's consistent point, with the snapshot exported there. */
    private void snapshot(Run run) {
        String temporary = ChangeSlots.repositoryTag(run.repository.identity()) + "_" + ProcessHandle.current().pid() + "_tmp";
        try (SlotStart start = SlotStart.create(run.source, temporary, true,
                settings.properties().backup().lockTimeout())) {
            run.snapshot = ExportedSnapshot.adopt(run.source, settings.properties().backup().lockTimeout(),
                    start.snapshotName(), start.consistentPoint());
            run.toLsn = start.consistentPoint();
        }
    }

    private void changes(Run run, ProgressReporter reporter, Consumer<String> log) {
        Manifest.Changes parentChanges = run.parent.changes();
        log.accept("incremental: reading the changes of slot " + parentChanges.slot() + " from " + parentChanges.toLsn()
                + " to " + run.toLsn);
        try {
            run.spoolDirectory = Files.createTempDirectory("drkit-changes-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw DrkitException.failed("cannot create a local directory for the changes: " + e.getMessage(), e);
        }
        Map<String, TableEntry> tables = run.parent.tables().stream()
                .collect(Collectors.toMap(t -> t.schema() + "." + t.name(), Function.identity()));
        run.capture = new ChangeCapture(tables, parentChanges.slot(), run.spoolDirectory, run.codec,
                DigestAlgorithm.of(run.parent.digestAlgorithm()), run.digests);
        run.reader = ChangeReader.open(run.source, parentChanges.slot(), parentChanges.publication(), parentChanges.toLsn());
        long wal = LogSequenceNumber.valueOf(run.toLsn).asLong() - LogSequenceNumber.valueOf(parentChanges.toLsn()).asLong();
        try (Progress progress = reporter.start("changes of " + run.pointId, Math.max(0, wal), "MiB of WAL", 1 << 20)) {
            run.transactions = run.reader.read(parentChanges.toLsn(), run.toLsn, run.capture,
                    settings.incremental().readTimeout(), progress);
        }
        for (String table : run.capture.changedTables()) {
            String key = PointLayout.changes(run.pointId, table, run.codec.suffix());
            try {
                ChangeSpool.Stored s = run.capture.spool(table).upload(run.repository.store(), key);
                run.parts.add(new ChangePart(table, run.capture.changes(table).keyNames(), key, s.object().bytes(), s.plainBytes(), s.object().sha256(), s.rows(),
                        s.digest(), s.firstCommit(), s.lastCommit()));
                run.changeRows += s.rows();
                if (run.capture.spool(table).spilled()) {
                    run.spilled.add(table);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("storing the changes of " + table + " failed: " + e.getMessage(), e);
            }
        }
        log.accept("incremental: " + run.transactions + " transactions, " + run.changeRows + " changed rows in "
                + run.parts.size() + " tables");
        failPoints.halt(failPoints.haltAfterChanges());
    }

    private void state(Run run, Consumer<String> log) {
        Connection c = run.snapshot.connection();
        for (StateDigests.TableState s : StateDigests.at(c, run.parent.tables(), run.capture, run.digests,
                DigestAlgorithm.of(run.parent.digestAlgorithm()))) {
            run.tables.add(s.entry());
            if (s.readWhole()) {
                run.readWhole.add(s.entry().schema() + "." + s.entry().name());
            }
        }
        if (!run.digests) {
            log.accept("incremental: no digests at this point (drkit.incremental.digests=" + settings.incremental().digests()
                    .name().toLowerCase(java.util.Locale.ROOT) + "): rows counted from the stream, content proven at the "
                    + "next point with digests");
        }
        if (!run.readWhole.isEmpty()) {
            log.accept("incremental: read " + String.join(", ", run.readWhole) + " whole for their digests at the point "
                    + "(rows that existed before changed)");
        }
        List<String> schemas = settings.properties().backup().schemas();
        try {
            ByteArrayOutputStream positions = new ByteArrayOutputStream();
            SequenceDump.write(c, schemas, positions);
            StoredFile previous = run.parent.schema().sequences();
            if (positions.toString(StandardCharsets.UTF_8).equals(previousPositions(run, previous))) {
                // no sequence moved: the point names its parent's file, and an empty point stores its manifest only
                run.sequences = previous;
            } else {
                String key = PointLayout.schema(run.pointId, "sequences", run.codec.suffix());
                EncodedUpload.Result r = EncodedUpload.write(run.repository.store(), key, run.codec,
                        out -> positions.writeTo(out), bytes -> {});
                run.sequences = new StoredFile(key, r.stored().bytes(), r.stored().sha256());
            }
            run.fingerprint = SchemaFingerprint.of(c, schemas);
        } catch (IOException e) {
            throw new UncheckedIOException("storing the sequence positions failed: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw DrkitException.failed("reading the source's sequences and table definitions failed: "
                    + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    /** The parent's sequence positions; null when they cannot be read (this point then stores its own). */
    private static String previousPositions(Run run, StoredFile previous) {
        try {
            return PointFiles.text(run.repository, run.codec, run.parent, previous);
        } catch (IOException | DrkitException e) {
            return null;
        }
    }

    private void commit(Run run, Consumer<String> log) {
        Manifest parent = run.parent;
        Manifest.Changes changes = new Manifest.Changes(parent.changes().slot(), parent.changes().publication(),
                parent.changes().toLsn(), run.toLsn, run.transactions, List.copyOf(run.parts));
        Instant finished = Instant.now();
        Manifest.SnapshotRef ref = new Manifest.SnapshotRef(run.snapshot.ref().xmin(), run.snapshot.ref().xmax(), run.toLsn);
        Manifest manifest = new Manifest(Manifest.formatVersion(true, run.digests), run.pointId, Manifest.INCREMENTAL,
                parent.pointId(), run.snapshot.time(), run.snapshot.source(), ref, parent.codec(),
                // an incremental point's parent names its full point's schema files, as the full point does
                new Manifest.SchemaFiles(parent.schema().preData(), parent.schema().postData(), run.sequences,
                        run.fingerprint),
                List.copyOf(run.tables), new Manifest.Timings(run.snapshot.time(), finished, 0, 0,
                        Math.max(0, finished.toEpochMilli() - run.snapshot.time().toEpochMilli())),
                // and its full point's access record, which the chain restores with its rows
                ToolVersion.current(), changes, parent.access(), parent.warnings(), parent.digestAlgorithm(),
                run.digests ? null : DigestChoice.lastProven(parent));
        run.repository.writeManifest(manifest);
        run.manifest = manifest;
        List<String> own = new ArrayList<>();
        run.parts.forEach(p -> own.add(p.key()));
        if (run.sequences.key().startsWith(PointLayout.pointPrefix(run.pointId))) {
            own.add(run.sequences.key());
        }
        own.add(PointLayout.manifest(run.pointId));
        new ObjectLockPolicy(settings.properties().objectLock()).apply(run.repository.store(), own);
        failPoints.halt(failPoints.haltBeforeSlotConfirm());
        run.reader.confirm(run.toLsn);
        log.accept("incremental: point " + run.pointId + " on " + parent.pointId() + ", up to " + run.toLsn);
    }

    private static SlotState slotState(JdbcUrl source, String slot) {
        try (Connection c = PgConnections.open(source, "source")) {
            return ChangeSlots.state(c, slot).orElse(null);
        } catch (SQLException e) {
            throw PgConnections.cannotConnect(source, "source", e);
        }
    }

    /** We hold the repository's lock: an incremental point without a manifest is what a killed run left. */
    private static List<String> clearLeftovers(PointRepository repository, Consumer<String> log) {
        List<String> removed = new ArrayList<>();
        for (String id : repository.incompletePoints().keySet()) {
            if (id.contains("-incremental-")) {
                int n = repository.deleteIncomplete(id);
                log.accept("backup: removed " + n + " objects of unfinished incremental point " + id
                        + " (its changes are still in the slot, and go into this point)");
                removed.add(id);
            }
        }
        return removed;
    }

    /** What one run builds up, stage by stage. */
    private static final class Run implements AutoCloseable {
        final PointId pointId;
        final Manifest parent;
        final Codec codec;
        final PointRepository repository;
        final JdbcUrl source;
        final List<ChangePart> parts = new ArrayList<>();
        final List<TableEntry> tables = new ArrayList<>();
        final List<String> readWhole = new ArrayList<>();
        final List<String> spilled = new ArrayList<>();
        boolean digests;
        ExportedSnapshot snapshot;
        String toLsn;
        Path spoolDirectory;
        ChangeCapture capture;
        ChangeReader reader;
        long transactions;
        long changeRows;
        StoredFile sequences;
        Map<String, String> fingerprint;
        Manifest manifest;

        Run(PointId pointId, Manifest parent, Codec codec, PointRepository repository, JdbcUrl source) {
            this.pointId = pointId;
            this.parent = parent;
            this.codec = codec;
            this.repository = repository;
            this.source = source;
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
            if (snapshot != null) {
                snapshot.close();
            }
            if (capture != null) {
                capture.discard();
            }
            if (spoolDirectory != null) {
                try (var files = Files.list(spoolDirectory)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(spoolDirectory);
                } catch (IOException ignored) {
                    // a temporary directory; the OS clears it in the end
                }
            }
        }
    }
}

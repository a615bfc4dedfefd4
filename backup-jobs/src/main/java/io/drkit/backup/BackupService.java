package io.drkit.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

import io.drkit.backup.pace.LatencyGuard;
import io.drkit.backup.pace.LowerPriority;
import io.drkit.backup.pace.SharedHost;
import io.drkit.backup.pace.SourcePace;
import io.drkit.core.batch.JobFailures;
import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.StopSignal;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.catalog.LockName;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.SnapshotGoneException;
import io.drkit.core.progress.Progress;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.store.ObjectLockPolicy;
import io.drkit.core.store.StoreFullException;
import io.drkit.core.repository.RepositoryOpener;

/**
 * Takes a full point: holds the repository's lock, clears what a dead run left behind, runs the job
 * and, while the snapshot is still alive, restarts a failed attempt so that stored parts are kept.
 */
@Service
public class BackupService {

    static final int MAX_ATTEMPTS = 3;

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job fullBackupJob;
    private final LiveRuns runs;
    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;

    public BackupService(JobOperator jobOperator, JobRepository jobRepository, Job fullBackupJob,
            LiveRuns runs, RuntimeSettings settings, RepositoryOpener opener, Catalog catalog) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.fullBackupJob = fullBackupJob;
        this.runs = runs;
        this.settings = settings;
        this.opener = opener;
        this.catalog = catalog;
    }

    /** @param log one line per table and per notable event, for people */
    public BackupResult full(ProgressReporter reporter, Consumer<String> log) {
        DrkitProperties.Backup cfg = settings.properties().backup();
        Compression compression = Compression.of(cfg.compression());
        compression.checkLevel(cfg.compressionLevel());
        JdbcUrl source = settings.sourceUrl();
        long started = System.nanoTime();
        if (SharedHost.with(source)) {
            LowerPriority.apply(cfg.nice(), log);
        }
        SourcePace pace = new SourcePace(cfg.maxRate() == null ? null : cfg.maxRate().toBytes());
        try (PointRepository repository = opener.open(cfg.effectiveParallelism());
                CatalogLock lock = catalog.lock(LockName.backup(repository.identity()), "drkit backup --full");
                LatencyGuard guard = cfg.adaptive() ? LatencyGuard.start(source, pace, log) : null) {
            RepositoryIdentity identity = repository.identity();
            new ObjectLockPolicy(settings.properties().objectLock()).requireSupport(repository.store());
            Leftovers left = clearLeftovers(repository, log);
            boolean chain = settings.incremental().enabled();
            PointId pointId = left.finishable() != null
                    ? PointId.of(left.finishable().getJobParameters().getString(JobContexts.POINT_ID))
                    : PointId.next(Instant.now(), "full");
            BackupMeter meter = new BackupMeter();
            Progress[] progress = {Progress.NONE};
            ActiveBackup backup = new ActiveBackup(pointId, source, repository,
                    new Codec(compression, cfg.compressionLevel(), repository.key()), cfg, meter,
                    chain ? identity : null, pace, plan -> {
                        progress[0] = reporter.start("backup " + pointId, plan.estimatedBytes(), "MiB", 1 << 20);
                        meter.start(plan, progress[0], table -> {
                            if (reporter.mode() == ProgressReporter.Mode.LINES) {
                                log.accept(String.format("backup: %s done, %d rows, %.1f MiB", table, meter.rows(table),
                                        meter.copyBytes(table) / 1048576.0));
                            }
                        });
                    });
            try (LiveRuns.Registration run = runs.add(ActiveBackup.RUN, pointId.value(), backup)) {
                JobExecution execution;
                try {
                    execution = left.finishable() != null ? finish(left.finishable(), backup, log)
                            : run(pointId, identity, backup, log);
                } catch (DrkitException e) {
                    // a point that only lacked its manifest stays finishable by the next run; a stopped
                    // backup cannot be resumed, and one that filled the disk must give the room back
                    boolean remove = left.finishable() == null && StopSignal.requested() || StoreFullException.in(e);
                    throw remove ? removeUnfinished(repository, pointId, e) : e;
                }
                Manifest manifest = repository.manifest(pointId);
                endOldChains(source, identity, manifest, log);
                if (guard != null && guard.summary().slowdowns() > 0) {
                    LatencyGuard.Summary seen = guard.summary();
                    log.accept(String.format("backup: the source answered in %.1f ms (p50) and %.1f ms (p99) while it was"
                            + " read, %.1f ms before; reading was slowed %d times", seen.p50Millis(), seen.p99Millis(),
                            seen.beforeMillis(), seen.slowdowns()));
                }
                return new BackupResult(manifest, Duration.ofNanos(System.nanoTime() - started),
                        attemptsOf(execution), meter.partsStored(), left.removed());
            } finally {
                progress[0].close();
                if (backup.snapshot() != null) {
                    backup.snapshot().close();
                }
            }
        }
    }

    /**
     * The new full point starts the chain incrementals read from now on: older chains' slots go. With
     * incrementals off, so do the repository's slots and publication, left from when they were on.
     */
    private void endOldChains(JdbcUrl source, RepositoryIdentity repository, Manifest manifest, Consumer<String> log) {
        Set<String> keep = manifest.changes() == null ? Set.of() : Set.of(manifest.changes().slot());
        boolean off = manifest.changes() == null;
        ChainSlots.Cleanup cleanup;
        try {
            cleanup = ChainSlots.dropAllBut(source, repository, keep, off ? null : manifest.changes().publication());
        } catch (DrkitException e) {
            throw DrkitException.failed("point " + manifest.pointId() + " is complete, but the source's replication "
                    + "slots of earlier chains could not be checked: " + e.getMessage(), e);
        }
        for (String slot : cleanup.dropped()) {
            log.accept("backup: dropped replication slot " + slot + (off ? " (incremental backups are off)"
                    : " of the previous chain; incrementals now follow point " + manifest.pointId()));
        }
        if (!cleanup.failures().isEmpty()) {
            // the point is committed, but a slot left over fills the source's disk while every job says success
            throw DrkitException.failed("point " + manifest.pointId() + " is complete, but what earlier chains left on "
                    + "the source could not be removed: " + String.join("; ", cleanup.failures())
                    + " (drkit status shows it until it is gone)", null);
        }
    }

    /**
     * @param finishable a dead run whose parts and schema are all stored: only the manifest is
     *     missing, and that needs no snapshot, so the same point is finished rather than retaken
     * @param removed unfinished points whose objects were removed
     */
    private record Leftovers(JobExecution finishable, List<String> removed) {}

    /** Restarts a dead run that only lacks its manifest: Spring Batch skips every step it completed. */
    private JobExecution finish(JobExecution dead, ActiveBackup backup, Consumer<String> log) {
        log.accept("backup: finishing point " + backup.pointId()
                + " of a run that died after storing all its parts; nothing is uploaded again");
        backup.plan(JobContexts.plan(jobRepository, dead.getJobInstance()));
        return untilDone(() -> jobOperator.restart(dead), backup, log);
    }

    private JobExecution run(PointId pointId, RepositoryIdentity repository, ActiveBackup backup, Consumer<String> log) {
        JobParameters params = new JobParametersBuilder()
                .addString(JobContexts.POINT_ID, pointId.value())
                .addString(JobContexts.REPOSITORY, repository.uri())
                .toJobParameters();
        return untilDone(() -> jobOperator.start(fullBackupJob, params), backup, log);
    }

    /** Launches the job, then restarts a failed attempt while its snapshot lives and the failure may pass. */
    private JobExecution untilDone(Launch launch, ActiveBackup backup, Consumer<String> log) {
        try {
            JobExecution execution = launch.execution();
            int attempt = 1;
            while (execution.getStatus() != BatchStatus.COMPLETED && attempt < MAX_ATTEMPTS
                    && restartable(execution) && backup.snapshot() != null && backup.snapshot().alive()) {
                log.accept("backup: attempt " + attempt + " failed (" + JobFailures.reason(execution)
                        + "); restarting it, parts already stored are kept");
                execution = jobOperator.restart(execution);
                attempt++;
            }
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw failure(execution);
            }
            return execution;
        } catch (DrkitException e) {
            throw e;
        } catch (Exception e) {
            throw DrkitException.failed("the backup job could not run: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Launch {
        JobExecution execution() throws Exception;
    }

    private int attemptsOf(JobExecution execution) {
        return jobRepository.getJobExecutions(execution.getJobInstance()).size();
    }

    /**
     * We hold the repository's lock, so a run still marked as running is one whose process died, and
     * its snapshot died with it. If it had stored everything but the manifest, its point is finished;
     * otherwise the run is abandoned and every object of a point without a manifest is removed.
     */
    private Leftovers clearLeftovers(PointRepository repository, Consumer<String> log) {
        JobExecution finishable = null;
        for (JobExecution stale : jobRepository.findRunningJobExecutions(BackupJobConfiguration.JOB)) {
            // a run of an older drkit has the repository as it was configured then
            if (!repository.identity().names(stale.getJobParameters().getString(JobContexts.REPOSITORY))) {
                continue;
            }
            try {
                JobExecution dead = jobOperator.recover(stale);
                if (finishable == null && onlyManifestMissing(dead)) {
                    finishable = dead;
                } else {
                    jobOperator.abandon(dead);
                }
            } catch (Exception e) {
                log.accept("backup: could not mark the dead run " + stale.getId() + " as abandoned: " + e.getMessage());
            }
        }
        String keep = finishable == null ? null : finishable.getJobParameters().getString(JobContexts.POINT_ID);
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, Integer> point : repository.incompletePoints().entrySet()) {
            if (point.getKey().equals(keep)) {
                continue;
            }
            int n = repository.deleteIncomplete(point.getKey());
            log.accept("backup: removed " + n + " objects of unfinished point " + point.getKey()
                    + " (its snapshot ended with the run that took it)");
            removed.add(point.getKey());
        }
        int discarded = repository.discardUnfinishedWrites();
        if (discarded > 0) {
            log.accept("backup: discarded " + discarded + " uploads that killed runs never finished");
        }
        return new Leftovers(finishable, removed);
    }

    private boolean onlyManifestMissing(JobExecution dead) {
        JobExecution last = jobRepository.getLastJobExecution(dead.getJobInstance());
        if (last == null) {
            return false;
        }
        BackupPlan plan = JobContexts.plan(jobRepository, dead.getJobInstance());
        boolean schemaStored = JobContexts.schemaStep(jobRepository, dead.getJobInstance()).containsKey(JobContexts.SCHEMA);
        return StoredParts.allStored(jobRepository, dead.getJobInstance(), plan, schemaStored);
    }

    /** Restart helps with a transient failure (network, object store), never with a user's or the data's problem. */
    private static boolean restartable(JobExecution execution) {
        for (Throwable t : execution.getAllFailureExceptions()) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof DrkitException || c instanceof SnapshotGoneException) {
                    return false;
                }
            }
        }
        return true;
    }

    private static DrkitException failure(JobExecution execution) {
        return JobFailures.asError(execution, "the backup");
    }

    /**
     * A backup stopped on request cannot be resumed (its snapshot ends with the process), and one that
     * filled the repository's disk leaves it full, so what it stored goes at once rather than waiting
     * for the next backup: {@code verify} finds nothing to name, and the disk has its room back.
     */
    private static DrkitException removeUnfinished(PointRepository repository, PointId pointId, DrkitException stop) {
        try {
            int removed = repository.deleteIncomplete(pointId.value());
            return new DrkitException(stop.exitCode(), stop.getMessage() + ": the " + removed + " objects point "
                    + pointId + " had stored are removed; the next backup takes a new point", stop);
        } catch (RuntimeException e) {
            return new DrkitException(stop.exitCode(), stop.getMessage() + ": point " + pointId + " is left "
                    + "unfinished, and the next backup removes it (" + e.getMessage() + ")", stop);
        }
    }
}

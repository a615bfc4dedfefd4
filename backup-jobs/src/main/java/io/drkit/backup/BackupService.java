package io.drkit.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

import io.drkit.catalog.Catalog;
import io.drkit.catalog.CatalogLock;
import io.drkit.codec.Codec;
import io.drkit.codec.Compression;
import io.drkit.config.DrkitProperties;
import io.drkit.config.RuntimeSettings;
import io.drkit.error.DrkitException;
import io.drkit.manifest.Manifest;
import io.drkit.manifest.PointId;
import io.drkit.pg.JdbcUrl;
import io.drkit.pg.SnapshotGoneException;
import io.drkit.progress.Progress;
import io.drkit.progress.ProgressReporter;
import io.drkit.repository.PointRepository;
import io.drkit.repository.RepositoryOpener;

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
    private final ActiveBackups backups;
    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;

    public BackupService(JobOperator jobOperator, JobRepository jobRepository, Job fullBackupJob,
            ActiveBackups backups, RuntimeSettings settings, RepositoryOpener opener, Catalog catalog) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.fullBackupJob = fullBackupJob;
        this.backups = backups;
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
        String repositoryUri = settings.repository();
        long started = System.nanoTime();
        PointRepository repository = opener.open(cfg.effectiveParallelism());
        try (CatalogLock lock = catalog.lock("backup " + repositoryUri, "drkit backup --full")) {
            List<String> removed = clearLeftovers(repositoryUri, repository, log);
            String pointId = PointId.next(Instant.now(), "full");
            BackupMeter meter = new BackupMeter();
            Progress[] progress = {Progress.NONE};
            ActiveBackup backup = new ActiveBackup(pointId, source, repository,
                    new Codec(compression, cfg.compressionLevel(), repository.key()), cfg, meter, plan -> {
                        progress[0] = reporter.start("backup " + pointId, plan.estimatedBytes(), "MiB", 1 << 20);
                        meter.start(plan, progress[0], table -> {
                            if (reporter.mode() == ProgressReporter.Mode.LINES) {
                                log.accept(String.format("backup: %s done, %d rows, %.1f MiB", table, meter.rows(table),
                                        meter.copyBytes(table) / 1048576.0));
                            }
                        });
                    });
            backups.add(backup);
            try {
                JobExecution execution = run(pointId, repositoryUri, backup, log);
                Manifest manifest = repository.manifest(pointId);
                return new BackupResult(manifest, Duration.ofNanos(System.nanoTime() - started),
                        attemptsOf(execution), meter.partsStored(), removed);
            } finally {
                progress[0].close();
                backups.remove(pointId);
            }
        } finally {
            repository.store().close();
        }
    }

    private JobExecution run(String pointId, String repositoryUri, ActiveBackup backup, Consumer<String> log) {
        JobParameters params = new JobParametersBuilder()
                .addString(JobContexts.POINT_ID, pointId)
                .addString(JobContexts.REPOSITORY, repositoryUri)
                .toJobParameters();
        try {
            JobExecution execution = jobOperator.start(fullBackupJob, params);
            int attempt = 1;
            while (execution.getStatus() != BatchStatus.COMPLETED && attempt < MAX_ATTEMPTS
                    && restartable(execution) && backup.snapshot() != null && backup.snapshot().alive()) {
                log.accept("backup: attempt " + attempt + " failed (" + reason(execution)
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

    private int attemptsOf(JobExecution execution) {
        return jobRepository.getJobExecutions(execution.getJobInstance()).size();
    }

    /**
     * We hold the repository's lock, so a run still marked as running is one whose process died: its
     * snapshot died with it, so its point can never be finished. Mark it, then remove every object of
     * a point without a manifest.
     */
    private List<String> clearLeftovers(String repositoryUri, PointRepository repository, Consumer<String> log) {
        for (JobExecution stale : jobRepository.findRunningJobExecutions(BackupJobConfiguration.JOB)) {
            if (repositoryUri.equals(stale.getJobParameters().getString(JobContexts.REPOSITORY))) {
                try {
                    jobOperator.abandon(jobOperator.recover(stale));
                } catch (Exception e) {
                    log.accept("backup: could not mark the dead run " + stale.getId() + " as abandoned: " + e.getMessage());
                }
            }
        }
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, Integer> point : repository.incompletePoints().entrySet()) {
            int n = repository.deleteIncomplete(point.getKey());
            log.accept("backup: removed " + n + " objects of unfinished point " + point.getKey()
                    + " (its snapshot ended with the run that took it)");
            removed.add(point.getKey());
        }
        return removed;
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
        for (Throwable t : execution.getAllFailureExceptions()) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof DrkitException d) {
                    return d;
                }
            }
        }
        return DrkitException.failed("the backup failed: " + reason(execution), null);
    }

    private static String reason(JobExecution execution) {
        return execution.getAllFailureExceptions().stream().findFirst()
                .map(t -> JdbcUrl.redact(String.valueOf(t.getMessage())))
                .orElse(execution.getExitStatus().getExitDescription());
    }
}

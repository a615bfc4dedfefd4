package io.drkit.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

import io.drkit.core.batch.JobFailures;
import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.PartRun;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.catalog.LockName;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.progress.Progress;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;

/**
 * Restores a point: chooses it, claims a target that is safe to write, runs the job, then removes
 * its ledger and (for a scratch database not kept) the database. A failed or killed restore leaves
 * the target with its ledger, so the same command continues it.
 */
@Service
public class RestoreService {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job restoreJob;
    private final Job stagedRestoreJob;
    private final LiveRuns runs;
    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;

    public RestoreService(JobOperator jobOperator, JobRepository jobRepository, Job restoreJob, Job stagedRestoreJob,
            LiveRuns runs, RuntimeSettings settings, RepositoryOpener opener, Catalog catalog) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.restoreJob = restoreJob;
        this.stagedRestoreJob = stagedRestoreJob;
        this.runs = runs;
        this.settings = settings;
        this.opener = opener;
        this.catalog = catalog;
    }

    public RestoreResult restore(RestoreRequest request, ProgressReporter reporter, Consumer<String> log) {
        long started = System.nanoTime();
        try (PointRepository repository = open()) {
            return restore(repository, PointChooser.choose(repository, request.pointId(), request.time()), request,
                    started, reporter, log);
        }
    }

    /**
     * Opens the repository as a restore reads it (as many connections as it loads parts at once), for a
     * caller that chooses the point itself and hands it to {@link #restore(PointRepository, Manifest,
     * RestoreRequest, ProgressReporter, Consumer)}.
     */
    public PointRepository open() {
        return opener.open(settings.properties().restore().effectiveParallelism());
    }

    /**
     * Restores a point the caller chose, from the repository it opened (see {@link #open()}); the
     * request's point id and time are not read.
     */
    public RestoreResult restore(PointRepository repository, Manifest chosen, RestoreRequest request,
            ProgressReporter reporter, Consumer<String> log) {
        return restore(repository, PointChooser.chosen(repository, chosen), request, System.nanoTime(), reporter, log);
    }

    private RestoreResult restore(PointRepository repository, PointChooser.Choice choice, RestoreRequest request,
            long started, ProgressReporter reporter, Consumer<String> log) {
        DrkitProperties.Restore cfg = settings.properties().restore();
        Manifest point = choice.point();
        Set<String> tables = select(point, request.tables());
        JdbcUrl scratchServer = request.target() == null ? settings.scratchUrl() : null;
        String targetName = request.target() != null ? request.target().redacted()
                : TargetPreparer.scratchTarget(scratchServer, point.pointId());
        try (CatalogLock lock = catalog.lock(LockName.restore(targetName), "drkit restore " + point.pointId())) {
            RestoreTarget target = request.target() != null ? TargetPreparer.named(point, request.target())
                    : TargetPreparer.scratch(point, scratchServer, request.startOver(), log);
            log.accept("restore: point " + point.pointId() + " (" + point.time() + ") into "
                    + (target.scratch() ? "scratch database " : "database ") + target.name()
                    + (target.resumed() ? ", continuing the unfinished restore there" : ""));
            if (point.incremental()) {
                log.accept("restore: point " + point.pointId() + " is incremental: the rows of full point "
                        + choice.fullPointId() + " and then " + point.changes().transactions() + " transactions of changes"
                        + (choice.until() == null ? "" : ", up to the last that committed at or before " + choice.until()));
            }
            abandonDeadRuns(targetName, log);
            RestoreMeter meter = new RestoreMeter();
            boolean staged = staged(point, request, target, log);
            Staging staging = staged ? new Staging(true, request.onServing(), request.servingListener(), log)
                    : Staging.ONE_STAGE;
            ActiveRestore active = new ActiveRestore(UUID.randomUUID().toString(), point, repository,
                    new Codec(Compression.of(point.codec().compression()), 1, repository.key()), target, tables,
                    cfg, meter, List.of(), choice.until(), request.access(), List.of(), staging);
            if (point.incremental()) {
                meter.chain();
            }
            if (staged) {
                meter.staged();
            }
            List<PartRun> partRuns;
            long total = active.restoredTables().stream().flatMap(t -> t.parts().stream())
                    .mapToLong(Manifest.PartEntry::bytes).sum();
            try (LiveRuns.Registration run = runs.add(ActiveRestore.RUN, active.runId(), active);
                    Progress progress = reporter.start("restore " + point.pointId(), total, "MiB", 1 << 20)) {
                meter.progress(progress);
                partRuns = run(active, targetName);
            }
            finish(target, request.keep() || !target.scratch(), log);
            List<String> leftOut = point.tables().stream().map(ActiveRestore::label).filter(l -> !tables.contains(l))
                    .toList();
            return new RestoreResult(point, target.name(), target.scratch(), request.keep() || !target.scratch(),
                    target.resumed(), meter.rows(), meter.partsLoaded(), meter.phases(), meter.dataWork(), leftOut,
                    List.copyOf(active.skippedForeignKeys()), Duration.ofNanos(System.nanoTime() - started),
                    meter.changeRows(), choice.until(), List.copyOf(meter.createdRoles()), warnings(point, active),
                    staging.servingAt(), staging.onServingFailure(), partRuns);
        }
    }

    /**
     * Whether this restore goes in two stages: a full point with tiers, unless {@code --all-at-once}.
     * An unfinished restore is continued the way it was started (its ledger says which), since the
     * two ways leave different work done (foreign keys added {@code NOT VALID}, say).
     */
    private static boolean staged(Manifest point, RestoreRequest request, RestoreTarget target,
            Consumer<String> log) {
        boolean wanted = point.tiered() && !point.incremental() && !request.allAtOnce();
        try (Connection c = PgConnections.open(target.url(), "target")) {
            if (target.resumed()) {
                boolean was = RestoreLedger.isDone(c, STAGED_ITEM);
                if (was != wanted) {
                    log.accept("restore: continuing the unfinished restore " + (was ? "in stages" : "all at once")
                            + ", as it was started");
                }
                return was;
            }
            if (wanted) {
                RestoreLedger.record(c, STAGED_ITEM);
            }
            return wanted;
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read drkit's restore ledger in " + target.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private static final String STAGED_ITEM = "restore in stages";

    /** What the point's backup could not capture, then what this restore could not give back as the point has it. */
    private static List<String> warnings(Manifest point, ActiveRestore active) {
        List<String> warnings = new ArrayList<>(point.warningsOrNone());
        warnings.addAll(active.warnings());
        return List.copyOf(warnings);
    }

    /** The scratch database a restore of this point uses. */
    public static String scratchDatabase(PointId pointId) {
        return TargetPreparer.scratchName(pointId);
    }

    /** Drops a scratch database of the scratch server, even with sessions open on it. */
    public void dropScratch(String database) {
        JdbcUrl server = settings.scratchUrl();
        TargetPreparer.dropScratch(new RestoreTarget(server.withDatabase(database), server, true, false));
    }

    /** The leaf tables whose rows are loaded: all, or those named (a partitioned table names its partitions). */
    static Set<String> select(Manifest point, List<String> names) {
        Set<String> selected = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>(names);
        for (TableEntry t : point.tables()) {
            String label = ActiveRestore.label(t);
            if (names.isEmpty() || names.contains(label) || (t.partitionRoot() != null && names.contains(t.partitionRoot()))) {
                selected.add(label);
                unknown.remove(label);
                unknown.remove(t.partitionRoot());
            }
        }
        if (!unknown.isEmpty()) {
            throw DrkitException.usage("--tables: point " + point.pointId() + " has no table " + String.join(", ", unknown)
                    + " (names are schema.table)");
        }
        return selected;
    }

    /** @return where each part ran, and for how long */
    private List<PartRun> run(ActiveRestore active, String targetName) {
        Job job = active.staging().staged() ? stagedRestoreJob : restoreJob;
        JobParameters params = new JobParametersBuilder()
                .addString(RestoreJobConfiguration.RUN_ID, active.runId())
                .addString("pointId", active.point().pointId().value())
                .addString(RestoreJobConfiguration.TARGET, targetName)
                .toJobParameters();
        JobExecution execution;
        try {
            execution = jobOperator.start(job, params);
        } catch (Exception e) {
            throw DrkitException.failed("the restore job could not run: " + e.getMessage(), e);
        }
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStartTime() != null && step.getEndTime() != null) {
                active.meter().phase(step.getStepName(),
                        Duration.between(step.getStartTime(), step.getEndTime()).toMillis());
            }
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            DrkitException cause = JobFailures.drkitError(execution);
            if (cause != null && cause.exitCode() == ExitCode.INTEGRITY) {
                // the same command would meet the same damage: name a point that can be restored instead
                throw new RestoreFailedException(cause.exitCode(), cause.getMessage() + "; "
                        + DamageAdvice.otherPoint(active.repository(), active.point(), cause.getMessage()),
                        targetNote(active.target().name()) + "what was loaded)", cause);
            }
            String keep = resumeHint(active.target().name());
            throw cause != null ? new RestoreFailedException(cause.exitCode(), cause.getMessage(), keep, cause)
                    : new RestoreFailedException(ExitCode.JOB_FAILED, "the restore failed: " + JobFailures.reason(execution),
                            keep, null);
        }
        List<StepExecution> parts = PartRun.partitions(execution, RestoreStep.LOAD_PART.stepName(),
                jobRepository::getStepExecution);
        parts.forEach(p -> PartLoadTasklet.meterRemote(p, active.meter()));
        return PartRun.of(parts);
    }


    /** What a failed restore tells the operator about the database it leaves; a caller that drops it says so instead. */
    private static String resumeHint(String database) {
        return targetNote(database) + "what is done: run the same command to continue)";
    }

    /** How every note on the database a failed restore leaves begins. */
    private static String targetNote(String database) {
        return " (database " + database + " keeps ";
    }

    /** We hold the target's lock: a restore of it still marked as running died with its process. */
    private void abandonDeadRuns(String targetName, Consumer<String> log) {
        for (String job : List.of(RestoreJobConfiguration.JOB, RestoreJobConfiguration.STAGED_JOB)) {
            for (JobExecution stale : jobRepository.findRunningJobExecutions(job)) {
                if (targetName.equals(stale.getJobParameters().getString("target"))) {
                    try {
                        jobOperator.abandon(jobOperator.recover(stale));
                    } catch (Exception e) {
                        log.accept("restore: could not mark the dead run " + stale.getId() + " as abandoned: "
                                + e.getMessage());
                    }
                }
            }
        }
    }

    private static void finish(RestoreTarget target, boolean keep, Consumer<String> log) {
        try (Connection c = PgConnections.open(target.url(), "target")) {
            RestoreLedger.drop(c);
        } catch (SQLException e) {
            throw DrkitException.failed("cannot remove drkit's restore ledger from " + target.name() + ": "
                    + e.getMessage(), e);
        }
        if (!keep) {
            TargetPreparer.dropScratch(target);
            log.accept("restore: scratch database " + target.name() + " dropped (use --keep to keep it)");
        }
    }
}

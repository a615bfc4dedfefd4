package io.drkit.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.StoredFile;
import io.drkit.core.manifest.PointId;
import io.drkit.core.progress.Progress;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointLayout;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.store.ObjectInfo;

/**
 * {@code drkit verify} without a database: every manifest is read and checked, every object it
 * names (or a sample of them, read longest ago first) is read in full and decoded, in groups that run
 * on this process's threads or on {@code drkit worker} processes, and objects under a point that its
 * manifest does not name are reported as orphans.
 */
@Service
public class ObjectVerifyService {

    /** The job parameter naming the repository, which a worker checks is its own. */
    static final String REPOSITORY = "repository";

    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;
    private final LiveRuns runs;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;

    public ObjectVerifyService(RuntimeSettings settings, RepositoryOpener opener, Catalog catalog, LiveRuns runs,
            JobOperator jobOperator, JobRepository jobRepository, Job verifyObjectsJob) {
        this.settings = settings;
        this.opener = opener;
        this.catalog = catalog;
        this.runs = runs;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = verifyObjectsJob;
    }

    /**
     * @param pointId one point, or null
     * @param all every point (otherwise the named one, or the newest)
     * @param samplePercent read this share of the objects, or null for all
     */
    public ObjectVerifyResult verify(PointId pointId, boolean all, Double samplePercent, ProgressReporter reporter) {
        if (samplePercent != null && (samplePercent <= 0 || samplePercent > 100)) {
            throw DrkitException.usage("--sample must be a percentage above 0 and at most 100, not " + samplePercent);
        }
        long started = System.nanoTime();
        int parallelism = settings.properties().backup().effectiveParallelism();
        try (PointRepository repository = opener.open(parallelism)) {
            String uri = repository.identity().uri();
            List<ObjectProblem> problems = new ArrayList<>();
            List<String> ids = pointId != null ? List.of(pointId.value()) : repository.pointIds();
            if (ids.isEmpty()) {
                throw DrkitException.usage("the repository " + uri + " holds no complete point");
            }
            if (!all && pointId == null) {
                ids = ids.subList(0, 1);
            }
            List<ObjectCheck> objects = new ArrayList<>();
            List<PointId> examined = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            Map<PointId, Manifest.Codec> codecs = new LinkedHashMap<>();
            for (String folder : ids) {
                Manifest m;
                try {
                    m = manifestOf(repository, folder);
                } catch (DrkitException e) {
                    if (e.exitCode() != ExitCode.INTEGRITY) {
                        throw e;
                    }
                    problems.add(new ObjectProblem(PointLayout.manifest(folder), ObjectProblem.Kind.MANIFEST, e.getMessage()));
                    continue;
                }
                PointId id = m.pointId();
                examined.add(id);
                m.warningsOrNone().forEach(w -> warnings.add("point " + id + ": " + w));
                codecs.put(id, m.codec());
                List<ObjectCheck> named = named(m);
                objects.addAll(named);
                problems.addAll(orphans(repository, id, named));
            }
            List<String> unfinished = new ArrayList<>();
            if (all) {
                problems.addAll(unfinishedPoints(repository, unfinished));
            }
            ObjectReadHistory history = new ObjectReadHistory(catalog.dataSource(), repository.identity());
            List<ObjectCheck> chosen = samplePercent == null ? objects
                    : ObjectSample.choose(objects, history.lastReads(), samplePercent);
            Read read = read(repository, codecs, chosen, parallelism,
                    all ? "all" : examined.stream().map(PointId::value).collect(Collectors.joining(",")),
                    samplePercent, reporter);
            problems.addAll(read.problems());
            history.record(read.outcomes(), Instant.now());
            List<ObjectProblem> damage = problems.stream().filter(ObjectProblem::damage).toList();
            List<ObjectProblem> unreadable = problems.stream().filter(p -> !p.damage()).toList();
            return new ObjectVerifyResult(uri, examined, objects.size(), chosen.size(), read.bytes(), samplePercent,
                    damage, unreadable, unfinished, Duration.ofNanos(System.nanoTime() - started), List.copyOf(warnings),
                    read.parts());
        }
    }

    /** What the groups of objects found, gathered from their partitions. */
    private record Read(List<ObjectProblem> problems, Map<String, String> outcomes, long bytes, List<PartRun> parts) {}

    /** Failed reads in a row that mean the object store is down, for a run on {@code parallelism} threads. */
    static int storeDown(int parallelism) {
        return Math.max(3, parallelism * 2);
    }

    /** Reads the chosen objects in groups, on this process's threads or on workers ({@link ObjectGroups}). */
    private Read read(PointRepository repository, Map<PointId, Manifest.Codec> codecs, List<ObjectCheck> chosen,
            int parallelism, String points, Double samplePercent, ProgressReporter reporter) {
        ActiveVerification active = new ActiveVerification(UUID.randomUUID().toString(), repository, codecs::get, chosen,
                storeDown(parallelism));
        JobParameters parameters = new JobParametersBuilder()
                .addString(ActiveVerification.RUN_ID, active.runId())
                .addString(REPOSITORY, repository.identity().uri())
                .addString("points", points)
                .addString("sample", String.valueOf(samplePercent))
                .toJobParameters();
        long total = chosen.stream().mapToLong(ObjectCheck::bytes).sum();
        JobExecution execution;
        try (LiveRuns.Registration run = runs.add(ActiveVerification.RUN, active.runId(), active);
                Progress progress = reporter.start("verify", total, "MiB", 1 << 20)) {
            active.progress(progress);
            execution = jobOperator.start(job, parameters);
        } catch (DrkitException e) {
            throw e;
        } catch (Exception e) {
            throw DrkitException.failed("the verification job could not run: " + e.getMessage(), e);
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            DrkitException cause = JobFailures.drkitError(execution);
            throw cause != null ? cause : DrkitException.failed("verify failed: " + JobFailures.reason(execution), null);
        }
        List<StepExecution> groups = PartRun.partitions(execution, ObjectsVerifyStep.CHECK_OBJECTS.stepName(),
                jobRepository::getStepExecution);
        List<ObjectProblem> problems = new ArrayList<>();
        Map<String, String> outcomes = new LinkedHashMap<>();
        long bytes = 0;
        for (StepExecution g : groups) {
            problems.addAll(ObjectGroups.problems(g));
            outcomes.putAll(ObjectGroups.outcomes(g));
            bytes += ObjectGroups.bytes(g);
        }
        return new Read(problems, outcomes, bytes, PartRun.of(groups));
    }

    private static List<ObjectCheck> named(Manifest m) {
        List<ObjectCheck> objects = new ArrayList<>();
        for (StoredFile f : m.objects()) {
            objects.add(new ObjectCheck(m.pointId(), f.key(), f.bytes(), f.sha256(), true));
        }
        return objects;
    }

    /**
     * The manifest of a point folder as listed: a folder not named as a point holds no point's manifest, so one
     * there is damage (as when the repository read it by its folder's name).
     */
    private static Manifest manifestOf(PointRepository repository, String folder) {
        if (!PointId.isValid(folder)) {
            throw DrkitException.integrity("the manifest of point " + folder + " is not well formed");
        }
        return repository.manifest(PointId.of(folder));
    }

    private static List<ObjectProblem> orphans(PointRepository repository, PointId id, List<ObjectCheck> named) {
        Set<String> keys = new HashSet<>();
        named.forEach(o -> keys.add(o.key()));
        keys.add(PointLayout.manifest(id));
        List<ObjectProblem> found = new ArrayList<>();
        for (ObjectInfo o : repository.store().list(PointLayout.pointPrefix(id))) {
            if (!keys.contains(o.key())) {
                found.add(new ObjectProblem(o.key(), ObjectProblem.Kind.ORPHAN, "under point " + id + " but not named by its manifest"));
            }
        }
        return found;
    }

    /**
     * Objects under a point without a manifest: a backup in progress, or what a dead one left. Only
     * when no backup of this repository holds its lock are they orphans.
     */
    private List<ObjectProblem> unfinishedPoints(PointRepository repository, List<String> skipped) {
        Map<String, Integer> unfinished = repository.incompletePoints();
        if (unfinished.isEmpty()) {
            return List.of();
        }
        try (CatalogLock probe = catalog.lock(LockName.backup(repository.identity()), "drkit verify (checking for a backup)")) {
            List<ObjectProblem> found = new ArrayList<>();
            unfinished.forEach((id, n) -> found.add(new ObjectProblem(PointLayout.pointPrefix(id), ObjectProblem.Kind.ORPHAN,
                    n + " objects of a point without a manifest (an interrupted backup or prune; the next backup or prune removes them)")));
            return found;
        } catch (DrkitException e) {
            if (e.exitCode() != ExitCode.LOCKED) {
                throw e;
            }
            skipped.addAll(unfinished.keySet());
            return List.of();
        }
    }
}

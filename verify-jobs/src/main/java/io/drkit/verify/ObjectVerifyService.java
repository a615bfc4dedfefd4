package io.drkit.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.batch.core.job.Job;
import org.springframework.stereotype.Service;

import io.drkit.manifest.PointId;
import io.drkit.catalog.LockName;
import io.drkit.batch.StagedJobs;
import io.drkit.batch.StopSignal;
import io.drkit.catalog.Catalog;
import io.drkit.catalog.CatalogLock;
import io.drkit.codec.Codec;
import io.drkit.codec.Compression;
import io.drkit.config.RuntimeSettings;
import io.drkit.error.DrkitException;
import io.drkit.error.ExitCode;
import io.drkit.manifest.Manifest;
import io.drkit.manifest.Manifest.StoredFile;
import io.drkit.progress.Progress;
import io.drkit.progress.ProgressReporter;
import io.drkit.repository.PointLayout;
import io.drkit.repository.PointRepository;
import io.drkit.repository.RepositoryOpener;
import io.drkit.store.ObjectInfo;

/**
 * {@code drkit verify} without a database: every manifest is read and checked, every object it
 * names (or a sample of them, read longest ago first) is read in full and decoded, and objects under
 * a point that its manifest does not name are reported as orphans.
 */
@Service
public class ObjectVerifyService {

    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;
    private final StagedJobs staged;
    private final Job job;

    public ObjectVerifyService(RuntimeSettings settings, RepositoryOpener opener, Catalog catalog, StagedJobs staged,
            Job verifyObjectsJob) {
        this.settings = settings;
        this.opener = opener;
        this.catalog = catalog;
        this.staged = staged;
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
            List<ObjectProblem> problems = Collections.synchronizedList(new ArrayList<>());
            List<String> ids = pointId != null ? List.of(pointId.value()) : repository.pointIds();
            if (ids.isEmpty()) {
                throw DrkitException.usage("the repository " + uri + " holds no complete point");
            }
            if (!all && pointId == null) {
                ids = ids.subList(0, 1);
            }
            List<ObjectCheck> objects = new ArrayList<>();
            List<String> examined = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            Map<String, Manifest.Codec> codecs = new LinkedHashMap<>();
            for (String id : ids) {
                Manifest m;
                try {
                    m = repository.manifest(id);
                } catch (DrkitException e) {
                    if (e.exitCode() != ExitCode.INTEGRITY) {
                        throw e;
                    }
                    problems.add(new ObjectProblem(PointLayout.manifest(id), ObjectProblem.Kind.MANIFEST, e.getMessage()));
                    continue;
                }
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
            AtomicLong bytes = new AtomicLong();
            staged.run(job, Map.of("repository", uri, "points", all ? "all" : String.join(",", examined),
                    "sample", String.valueOf(samplePercent)), Map.of(ObjectsVerifyStep.READ_OBJECTS, () -> {
                        Map<String, String> outcomes = new LinkedHashMap<>();
                        bytes.set(read(repository, codecs, chosen, parallelism, problems, outcomes, reporter));
                        history.record(outcomes, Instant.now());
                    }));
            List<ObjectProblem> damage = problems.stream().filter(ObjectProblem::damage).toList();
            List<ObjectProblem> unreadable = problems.stream().filter(p -> !p.damage()).toList();
            return new ObjectVerifyResult(uri, examined, objects.size(), chosen.size(), bytes.get(), samplePercent,
                    damage, unreadable, unfinished, Duration.ofNanos(System.nanoTime() - started), List.copyOf(warnings));
        }
    }

    private static List<ObjectCheck> named(Manifest m) {
        List<ObjectCheck> objects = new ArrayList<>();
        for (StoredFile f : m.objects()) {
            objects.add(new ObjectCheck(m.pointId(), f.key(), f.bytes(), f.sha256(), true));
        }
        return objects;
    }

    private static List<ObjectProblem> orphans(PointRepository repository, String id, List<ObjectCheck> named) {
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

    /**
     * Reads the chosen objects on {@code parallelism} workers. An object the store failed to deliver is
     * not recorded as read (it comes first in the next sampled run); when the store fails for several
     * objects in a row, it is down, and the run ends with its failure rather than wait out the budget
     * for every object left.
     */
    private static long read(PointRepository repository, Map<String, Manifest.Codec> codecs, List<ObjectCheck> chosen,
            int parallelism, List<ObjectProblem> problems, Map<String, String> outcomes, ProgressReporter reporter) {
        AtomicLong bytes = new AtomicLong();
        AtomicInteger failingInARow = new AtomicInteger();
        int storeDown = Math.max(3, parallelism * 2);
        ConcurrentLinkedQueue<ObjectCheck> queue = new ConcurrentLinkedQueue<>(chosen);
        long total = chosen.stream().mapToLong(ObjectCheck::bytes).sum();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
        try (Progress progress = reporter.start("verify", total, "MiB", 1 << 20)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                workers.add(pool.submit(() -> {
                    for (ObjectCheck o; (o = queue.poll()) != null;) {
                        StopSignal.checkpoint();
                        Manifest.Codec c = codecs.get(o.pointId());
                        ObjectProblem p = ObjectVerifier.check(repository.store(),
                                new Codec(Compression.of(c.compression()), 1, repository.key()), c.encryption() != null, o);
                        if (p != null && !p.damage()) {
                            problems.add(p);
                            progress.advance(o.bytes());
                            int inARow = failingInARow.incrementAndGet();
                            if (inARow >= storeDown) {
                                throw DrkitException.failed(p.detail() + " (and for the " + (inARow - 1)
                                        + " objects read before it: the objects left were not read)", null);
                            }
                            continue;
                        }
                        failingInARow.set(0);
                        synchronized (outcomes) {
                            outcomes.put(o.key(), p == null ? "ok" : p.kind().label());
                        }
                        if (p != null) {
                            problems.add(p);
                        }
                        bytes.addAndGet(o.bytes());
                        progress.advance(o.bytes());
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw DrkitException.failed("verify failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DrkitException.failed("verify was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return bytes.get();
    }
}

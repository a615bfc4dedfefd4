package io.drkit.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.digest.ContentDigest;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.ToolVersion;
import io.drkit.core.manifest.Tier;
import io.drkit.core.manifest.Manifest.PartEntry;
import io.drkit.core.manifest.Manifest.SchemaFiles;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.SourceTable;
import io.drkit.core.repository.PointLayout;
import io.drkit.core.store.ObjectInfo;
import io.drkit.core.store.ObjectLockPolicy;
import io.drkit.core.store.ObjectStore;

/**
 * The commit: gathers every part's result (from whichever execution of the job stored it), checks
 * each object is there with the size it was stored with, and only then writes the manifest.
 */
@Component
class ManifestTasklet implements Tasklet {

    static final String TOOL_VERSION = ToolVersion.current();

    private final LiveRuns runs;
    private final JobRepository jobRepository;
    private final BackupFailPoints failPoints;
    private final DrkitProperties properties;

    ManifestTasklet(LiveRuns runs, JobRepository jobRepository, BackupFailPoints failPoints,
            DrkitProperties properties) {
        this.runs = runs;
        this.jobRepository = jobRepository;
        this.failPoints = failPoints;
        this.properties = properties;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        ActiveBackup b = runs.get(ActiveBackup.RUN, chunk);
        BackupPlan plan = b.plan();
        JobInstance instance = chunk.getStepContext().getStepExecution().getJobExecution().getJobInstance();
        ObjectStore store = b.repository().store();

        Map<String, List<PartEntry>> partsByTable = new LinkedHashMap<>();
        plan.tables().forEach(t -> partsByTable.put(t.label(), new ArrayList<>()));
        for (PlannedPart p : plan.parts()) {
            PartEntry entry = result(instance, p);
            check(store, entry.key(), entry.bytes());
            partsByTable.get(p.table()).add(entry);
            if (p.split()) {
                PartEntry cold = StoredParts.findCold(jobRepository, instance, p);
                if (cold == null) {
                    throw DrkitException.failed("part " + p.coldKey() + " has no stored result; the data step did not "
                            + "finish", null);
                }
                check(store, cold.key(), cold.bytes());
                partsByTable.get(p.table()).add(cold);
            }
        }
        ExecutionContext schemaStep = JobContexts.schemaStep(jobRepository, instance);
        SchemaFiles schema = JobContexts.get(schemaStep, JobContexts.SCHEMA, SchemaFiles.class);
        check(store, schema.preData().key(), schema.preData().bytes());
        check(store, schema.postData().key(), schema.postData().bytes());
        check(store, schema.sequences().key(), schema.sequences().bytes());
        Manifest.Access access = JobContexts.get(schemaStep, JobContexts.ACCESS, Manifest.Access.class);
        if (access != null) {
            access.files().forEach(f -> check(store, f.key(), f.bytes()));
        }
        String[] warnings = JobContexts.get(schemaStep, JobContexts.WARNINGS, String[].class);

        List<TableEntry> tables = new ArrayList<>();
        for (SourceTable t : plan.tables()) {
            List<PartEntry> parts = partsByTable.get(t.label());
            parts.sort((x, y) -> x.key().compareTo(y.key()));
            String digest = parts.stream().map(PartEntry::digest).reduce(ContentDigest.empty(), ContentDigest::combine);
            tables.add(new TableEntry(t.schema(), t.name(), t.partitionRoot(), t.columns(),
                    parts.stream().mapToLong(PartEntry::rows).sum(), digest, parts, tiers(parts)));
        }
        Instant finished = Instant.now();
        long schemaMillis = schemaStep.getLong("schemaMillis", 0L);
        long total = finished.toEpochMilli() - plan.time().toEpochMilli();
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, plan.pointId(), Manifest.FULL, null, plan.time(),
                plan.source(), plan.snapshot(), plan.codec(), schema, tables,
                new Manifest.Timings(plan.time(), finished, plan.snapshotMillis(), schemaMillis,
                        Math.max(0, total - plan.snapshotMillis() - schemaMillis)),
                TOOL_VERSION, plan.changes(), access, warnings == null ? List.of() : List.of(warnings),
                DigestAlgorithm.CURRENT.manifestName());
        failPoints.halt(failPoints.haltBeforeManifest());
        // what attempts at parts left (a worker that died between writing and publishing): not the point's
        for (ObjectInfo o : store.list(PointLayout.pointPrefix(plan.pointId()) + "data/")) {
            if (PointLayout.isAttempt(o.key())) {
                store.delete(o.key());
            }
        }
        b.repository().writeManifest(manifest);
        lock(b, manifest);
        return RepeatStatus.FINISHED;
    }

    /** Each tier's rows and digest, hot first; null for a point without tiers, whose parts have none. */
    private static List<Manifest.TierFigures> tiers(List<PartEntry> parts) {
        if (parts.stream().allMatch(p -> p.tier() == null)) {
            return null;
        }
        List<Manifest.TierFigures> figures = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            List<PartEntry> of = parts.stream().filter(p -> p.tier() == tier).toList();
            figures.add(new Manifest.TierFigures(tier, of.stream().mapToLong(PartEntry::rows).sum(),
                    of.stream().map(PartEntry::digest).reduce(ContentDigest.empty(), ContentDigest::combine)));
        }
        return figures;
    }

    /** The point is committed: its objects are locked now, never before (a dead backup's must stay removable). */
    private void lock(ActiveBackup b, Manifest manifest) {
        List<String> keys = new ArrayList<>(manifest.objects().stream().map(Manifest.StoredFile::key).toList());
        keys.add(PointLayout.manifest(manifest.pointId()));
        try {
            new ObjectLockPolicy(properties.objectLock()).apply(b.repository().store(), keys);
        } catch (DrkitException e) {
            throw new DrkitException(e.exitCode(), "point " + manifest.pointId() + " is complete, but locking its "
                    + "objects failed: " + e.getMessage(), e);
        }
    }

    private PartEntry result(JobInstance instance, PlannedPart p) {
        PartEntry entry = StoredParts.find(jobRepository, instance, p);
        if (entry == null) {
            throw DrkitException.failed("part " + p.key() + " has no stored result; the data step did not finish", null);
        }
        return entry;
    }

    private static void check(ObjectStore store, String key, long bytes) {
        ObjectInfo info = store.stat(key).orElseThrow(() -> DrkitException.integrity(
                "object " + key + " vanished from " + store.uri() + " before the manifest was written"));
        if (info.size() != bytes) {
            throw DrkitException.integrity("object " + key + " in " + store.uri() + " has " + info.size()
                    + " bytes, but " + bytes + " were stored");
        }
    }
}

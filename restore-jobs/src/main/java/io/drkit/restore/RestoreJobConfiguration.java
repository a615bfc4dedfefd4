package io.drkit.restore;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.PartRun;
import io.drkit.core.batch.PartitionedSteps;
import io.drkit.core.batch.TaskletSteps;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.manifest.Manifest.PartEntry;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.manifest.Tier;

/**
 * The restore jobs. {@code restore}: roles (and extensions) → pre-data → data (one partition per part, on N
 * connections) → changes (an incremental point's chain) → post-data → sequences → analyze →
 * privileges (owners, grants, the database's settings). Each step's work is recorded in the target's ledger, so a run after a kill
 * skips what is done there, whatever Spring Batch knew of it.
 * {@code stagedRestore} (a full point with tiers): the same steps ordered around a serving moment,
 * see {@link RestoreStep#STAGED}; the ledger's units are the same, so a kill in either stage resumes.
 */
@Configuration(proxyBeanMethods = false)
public class RestoreJobConfiguration {

    public static final String JOB = "restore";
    public static final String STAGED_JOB = "stagedRestore";
    static final String RUN_ID = "runId";
    /** The job parameter naming the database loaded: {@code host:port/database} for a scratch database. */
    static final String TARGET = "target";

    @Bean
    Job restoreJob(JobRepository jobs, Step restoreRoles, Step restorePreData, Step restoreData, Step restoreChanges,
            Step restorePostData, Step restoreSequences, Step restoreAnalyze, Step restorePrivileges) {
        return new JobBuilder(JOB, jobs).start(restoreRoles).next(restorePreData).next(restoreData).next(restoreChanges)
                .next(restorePostData).next(restoreSequences).next(restoreAnalyze).next(restorePrivileges).build();
    }

    @Bean
    Job stagedRestoreJob(JobRepository jobs, Step restoreRoles, Step restorePreData, Step restoreHotData,
            Step restoreHotPostData, Step restoreSequences, Step restorePrivileges, Step restoreServing,
            Step restoreColdData, Step restoreColdPostData, Step restoreAnalyze) {
        return new JobBuilder(STAGED_JOB, jobs).start(restoreRoles).next(restorePreData).next(restoreHotData)
                .next(restoreHotPostData).next(restoreSequences).next(restorePrivileges).next(restoreServing)
                .next(restoreColdData).next(restoreColdPostData).next(restoreAnalyze).build();
    }

    @Bean
    Step restoreHotData(JobRepository jobs, Step loadPart, Partitioner hotPartitioner, DrkitProperties properties,
            PartitionedSteps steps) throws Exception {
        return dataStep(steps, jobs, RestoreStep.HOT_DATA, loadPart, hotPartitioner, properties, "drkit-load-hot-");
    }

    @Bean
    Step restoreColdData(JobRepository jobs, Step loadPart, Partitioner coldPartitioner, DrkitProperties properties,
            PartitionedSteps steps) throws Exception {
        return dataStep(steps, jobs, RestoreStep.COLD_DATA, loadPart, coldPartitioner, properties, "drkit-load-cold-");
    }

    private static Step dataStep(PartitionedSteps steps, JobRepository jobs, RestoreStep name, Step loadPart,
            Partitioner partitioner, DrkitProperties properties, String threads) throws Exception {
        // a worker loads only into a scratch database on its own scratch server; a named target's URL
        // (and its password) stays with the manager, so such a restore loads on the manager's threads
        return steps.of(jobs, name, loadPart, partitioner, properties.restore().effectiveParallelism(), threads,
                parameters -> TargetPreparer.isScratchTarget(parameters.getString(TARGET)));
    }

    @Bean
    PostDataTasklet postDataTasklet(LiveRuns runs, RestoreFailPoints failPoints) {
        return new PostDataTasklet(runs, failPoints, PostDataStage.ALL);
    }

    @Bean
    Step restoreHotPostData(JobRepository jobs, LiveRuns runs, RestoreFailPoints failPoints) {
        return TaskletSteps.of(jobs, RestoreStep.HOT_POST_DATA, new PostDataTasklet(runs, failPoints, PostDataStage.HOT));
    }

    @Bean
    Step restoreColdPostData(JobRepository jobs, LiveRuns runs, RestoreFailPoints failPoints) {
        return TaskletSteps.of(jobs, RestoreStep.COLD_POST_DATA,
                new PostDataTasklet(runs, failPoints, PostDataStage.COLD));
    }

    @Bean
    Step restoreServing(JobRepository jobs, ServingTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.SERVING, t);
    }

    @Bean
    Step restoreRoles(JobRepository jobs, RolesTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.ROLES, t);
    }

    @Bean
    Step restorePrivileges(JobRepository jobs, PrivilegesTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.PRIVILEGES, t);
    }

    @Bean
    Step restoreChanges(JobRepository jobs, ChangesTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.CHANGES, t);
    }

    @Bean
    Step restorePreData(JobRepository jobs, PreDataTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.PRE_DATA, t);
    }

    @Bean
    Step loadPart(JobRepository jobs, PartLoadTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.LOAD_PART, t);
    }

    @Bean
    Step restoreData(JobRepository jobs, Step loadPart, Partitioner restorePartitioner, DrkitProperties properties,
            PartitionedSteps steps) throws Exception {
        return dataStep(steps, jobs, RestoreStep.DATA, loadPart, restorePartitioner, properties, "drkit-load-");
    }

    @Bean
    Step restorePostData(JobRepository jobs, PostDataTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.POST_DATA, t);
    }

    @Bean
    Step restoreSequences(JobRepository jobs, SequencesTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.SEQUENCES, t);
    }

    @Bean
    Step restoreAnalyze(JobRepository jobs, AnalyzeTasklet t) {
        return TaskletSteps.of(jobs, RestoreStep.ANALYZE, t);
    }

    /**
     * One partition per part of the restored tables, named so that they sort largest first: Spring
     * Batch hands partitions to the executor in name order, and a big part started last would make
     * the whole restore wait for it.
     */
    @Bean
    @JobScope
    Partitioner restorePartitioner(LiveRuns runs, @Value("#{jobParameters['runId']}") String runId) {
        return partitioner(runs, runId, "load", null);
    }

    /** The hot tier's parts of a staged restore. */
    @Bean
    @JobScope
    Partitioner hotPartitioner(LiveRuns runs, @Value("#{jobParameters['runId']}") String runId) {
        return partitioner(runs, runId, "hot", Tier.HOT);
    }

    /** The cold tier's parts of a staged restore, loaded while the database serves. */
    @Bean
    @JobScope
    Partitioner coldPartitioner(LiveRuns runs, @Value("#{jobParameters['runId']}") String runId) {
        return partitioner(runs, runId, "cold", Tier.COLD);
    }

    /** Each part's key and what it holds: "schema.table", or "schema.table part 2 of 3" for a table in several parts. */
    static Map<String, String> partLabels(List<TableEntry> tables) {
        Map<String, String> labels = new HashMap<>();
        for (TableEntry t : tables) {
            for (int i = 0; i < t.parts().size(); i++) {
                labels.put(t.parts().get(i).key(), ActiveRestore.label(t)
                        + (t.parts().size() == 1 ? "" : " part " + (i + 1) + " of " + t.parts().size()));
            }
        }
        return labels;
    }

    /** @param tier the tier whose parts are loaded, or null for every part */
    private static Partitioner partitioner(LiveRuns runs, String runId, String prefix, Tier tier) {
        return gridSize -> {
            ActiveRestore r = runs.get(ActiveRestore.RUN, runId);
            Map<String, String> labels = partLabels(r.restoredTables());
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            int i = 0;
            for (PartEntry p : r.restoredTables().stream().flatMap((TableEntry t) -> t.parts().stream())
                    .filter(p -> tier == null || p.tier() == tier)
                    .sorted(Comparator.comparingLong(PartEntry::copyBytes).reversed()).toList()) {
                ExecutionContext context = new ExecutionContext();
                context.putString(PartLoadTasklet.PART, p.key());
                context.putString(PartRun.LABEL, labels.get(p.key()));
                partitions.put(String.format("%s-%05d", prefix, i++), context);
            }
            return partitions;
        };
    }
}

package io.drkit.backup;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

/**
 * The full backup job: snapshot → schema → data (one partition per part, on N workers) → manifest.
 * Steps use a resourceless transaction manager: a part may stream for minutes, and holding a
 * catalog transaction open all that time would protect nothing (the job repository commits its own
 * updates).
 */
@Configuration(proxyBeanMethods = false)
public class BackupJobConfiguration {

    public static final String JOB = "fullBackup";

    @Bean
    Job fullBackupJob(JobRepository jobs, Step backupSnapshot, Step backupSchema, Step backupData, Step backupManifest) {
        return new JobBuilder(JOB, jobs)
                .start(backupSnapshot)
                .next(backupSchema)
                .next(backupData)
                .next(backupManifest)
                .build();
    }

    @Bean
    Step backupSnapshot(JobRepository jobs, SnapshotTasklet tasklet) {
        return TaskletSteps.of(jobs, BackupStep.SNAPSHOT, tasklet);
    }

    @Bean
    Step backupSchema(JobRepository jobs, SchemaTasklet tasklet) {
        return TaskletSteps.of(jobs, BackupStep.SCHEMA, tasklet);
    }

    @Bean
    Step exportPart(JobRepository jobs, PartTasklet tasklet) {
        return TaskletSteps.of(jobs, BackupStep.EXPORT_PART, tasklet);
    }

    @Bean
    Step backupData(JobRepository jobs, Step exportPart, Partitioner backupPartitioner, DrkitProperties properties,
            PartitionedSteps steps) throws Exception {
        return steps.of(jobs, BackupStep.DATA, exportPart, backupPartitioner,
                properties.backup().effectiveParallelism(), "drkit-part-");
    }

    @Bean
    Step backupManifest(JobRepository jobs, ManifestTasklet tasklet) {
        return TaskletSteps.of(jobs, BackupStep.MANIFEST, tasklet);
    }

    /** One partition per planned part, named after it. */
    @Bean
    @JobScope
    Partitioner backupPartitioner(LiveRuns runs, @Value("#{jobParameters['pointId']}") String pointId) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            List<PlannedPart> parts = runs.get(ActiveBackup.RUN, pointId).plan().parts();
            Map<String, Long> perTable = parts.stream().collect(Collectors.groupingBy(PlannedPart::table, Collectors.counting()));
            Map<String, Integer> seen = new HashMap<>();
            for (PlannedPart p : parts) {
                ExecutionContext context = new ExecutionContext();
                context.putString(JobContexts.PART, p.name());
                int n = seen.merge(p.table(), 1, Integer::sum);
                context.putString(PartRun.LABEL, p.table() + (perTable.get(p.table()) == 1 ? "" : " part " + n + " of "
                        + perTable.get(p.table())));
                partitions.put(p.name(), context);
            }
            return partitions;
        };
    }
}

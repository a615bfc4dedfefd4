package io.drkit.backup;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import io.drkit.batch.NameOrderPartitionHandler;
import io.drkit.batch.TaskletSteps;
import io.drkit.config.DrkitProperties;

/**
 * The full backup job: snapshot → schema → data (one partition per part, on N workers) → manifest.
 * Steps use a resourceless transaction manager: a part may stream for minutes, and holding a
 * catalog transaction open all that time would protect nothing (the job repository commits its own
 * updates).
 */
@Configuration(proxyBeanMethods = false)
public class BackupJobConfiguration {

    public static final String JOB = "fullBackup";
    static final String PART_STEP = "exportPart";

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
        return TaskletSteps.of(jobs, "snapshot", tasklet);
    }

    @Bean
    Step backupSchema(JobRepository jobs, SchemaTasklet tasklet) {
        return TaskletSteps.of(jobs, "schema", tasklet);
    }

    @Bean
    Step exportPart(JobRepository jobs, PartTasklet tasklet) {
        return TaskletSteps.of(jobs, PART_STEP, tasklet);
    }

    @Bean
    Step backupData(JobRepository jobs, Step exportPart, Partitioner backupPartitioner, DrkitProperties properties)
            throws Exception {
        int workers = properties.backup().effectiveParallelism();
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("drkit-part-");
        executor.setConcurrencyLimit(workers);
        TaskExecutorPartitionHandler handler = new NameOrderPartitionHandler();
        handler.setStep(exportPart);
        handler.setTaskExecutor(executor);
        handler.setGridSize(workers);
        handler.afterPropertiesSet();
        return new StepBuilder("data", jobs)
                .partitioner(PART_STEP, backupPartitioner)
                .partitionHandler(handler)
                .build();
    }

    @Bean
    Step backupManifest(JobRepository jobs, ManifestTasklet tasklet) {
        return TaskletSteps.of(jobs, "manifest", tasklet);
    }

    /** One partition per planned part, named after it. */
    @Bean
    @JobScope
    Partitioner backupPartitioner(ActiveBackups backups, @Value("#{jobParameters['pointId']}") String pointId) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (PlannedPart p : backups.get(pointId).plan().parts()) {
                ExecutionContext context = new ExecutionContext();
                context.putString(JobContexts.PART, p.name());
                partitions.put(p.name(), context);
            }
            return partitions;
        };
    }
}

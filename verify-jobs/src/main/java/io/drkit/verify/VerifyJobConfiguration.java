package io.drkit.verify;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.PartitionedSteps;
import io.drkit.core.batch.StagedJobs;
import io.drkit.core.batch.TaskletSteps;
import io.drkit.core.config.DrkitProperties;

/**
 * The verification jobs. {@code verifyObjects}: read the repository's objects, in groups that run as
 * partitions ({@link ObjectGroups}), on this process's threads or on workers. {@code verifyRestore}
 * (after the restore job filled a scratch database): read-back, constraints, indexes, schema,
 * privileges, business checks, one step each.
 */
@Configuration(proxyBeanMethods = false)
public class VerifyJobConfiguration {

    public static final String OBJECTS_JOB = "verifyObjects";
    public static final String RESTORE_JOB = "verifyRestore";

    @Bean
    Job verifyObjectsJob(JobRepository jobs, Step readObjects) {
        return new JobBuilder(OBJECTS_JOB, jobs).start(readObjects).build();
    }

    @Bean
    Step readObjects(JobRepository jobs, Step checkObjects, Partitioner objectGroups, DrkitProperties properties,
            PartitionedSteps steps) throws Exception {
        return steps.of(jobs, ObjectsVerifyStep.READ_OBJECTS, checkObjects, objectGroups,
                properties.backup().effectiveParallelism(), "drkit-verify-");
    }

    @Bean
    Step checkObjects(JobRepository jobs, ObjectsTasklet t) {
        return TaskletSteps.of(jobs, ObjectsVerifyStep.CHECK_OBJECTS, t);
    }

    @Bean
    @JobScope
    Partitioner objectGroups(LiveRuns runs, @Value("#{jobParameters['" + ActiveVerification.RUN_ID + "']}") String runId) {
        return gridSize -> ObjectGroups.of(runs.get(ActiveVerification.RUN, runId).chosen()).partition(gridSize);
    }

    @Bean
    Job verifyRestoreJob(JobRepository jobs, StagedJobs staged) {
        return staged.job(jobs, RESTORE_JOB, RestoreVerifyStep.values());
    }
}

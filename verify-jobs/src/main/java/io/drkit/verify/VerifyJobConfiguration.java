package io.drkit.verify;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.drkit.batch.StagedJobs;

/**
 * The verification jobs. {@code verifyObjects}: read the repository's objects. {@code verifyRestore}
 * (after the restore job filled a scratch database): read-back, constraints, indexes, schema,
 * privileges, business checks, one step each.
 */
@Configuration(proxyBeanMethods = false)
public class VerifyJobConfiguration {

    public static final String OBJECTS_JOB = "verifyObjects";
    public static final String RESTORE_JOB = "verifyRestore";

    @Bean
    Job verifyObjectsJob(JobRepository jobs, StagedJobs staged) {
        return staged.job(jobs, OBJECTS_JOB, ObjectsVerifyStep.values());
    }

    @Bean
    Job verifyRestoreJob(JobRepository jobs, StagedJobs staged) {
        return staged.job(jobs, RESTORE_JOB, RestoreVerifyStep.values());
    }
}

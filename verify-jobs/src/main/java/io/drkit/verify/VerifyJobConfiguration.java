package io.drkit.verify;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import io.drkit.batch.StagedJobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The verification jobs. {@code verifyObjects}: read the repository's objects. {@code verifyRestore}
 * (after the restore job filled a scratch database): read-back, constraints, indexes, schema,
 * business checks, one step each.
 */
@Configuration(proxyBeanMethods = false)
public class VerifyJobConfiguration {

    public static final String OBJECTS_JOB = "verifyObjects";
    public static final String RESTORE_JOB = "verifyRestore";
    public static final String[] RESTORE_STEPS = {"read-back", "constraints", "indexes", "schema", "business"};

    @Bean
    Job verifyObjectsJob(JobRepository jobs, StagedJobs staged) {
        return new JobBuilder(OBJECTS_JOB, jobs).start(staged.step(jobs, "read-objects")).build();
    }

    @Bean
    Job verifyRestoreJob(JobRepository jobs, StagedJobs staged) {
        SimpleJobBuilder builder = new JobBuilder(RESTORE_JOB, jobs).start(staged.step(jobs, RESTORE_STEPS[0]));
        for (int i = 1; i < RESTORE_STEPS.length; i++) {
            builder = builder.next(staged.step(jobs, RESTORE_STEPS[i]));
        }
        return builder.build();
    }
}

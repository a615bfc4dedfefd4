package io.drkit.backup.incremental;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.drkit.core.batch.StagedJobs;

/**
 * The incremental backup job: snapshot (the point's position and the snapshot at it) → changes (the
 * slot read up to that position, one change part per table) → state (each table's rows and digest at
 * the point, sequence positions) → manifest (the commit; then the slot moves past the point).
 */
@Configuration(proxyBeanMethods = false)
public class IncrementalJobConfiguration {

    public static final String JOB = "incrementalBackup";

    @Bean
    Job incrementalBackupJob(JobRepository jobs, StagedJobs staged) {
        return staged.job(jobs, JOB, IncrementalStep.values());
    }
}

package io.drkit.backup;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.drkit.core.repository.RepositoryJson;

/** Reading and writing the backup's records in Spring Batch execution contexts, as JSON. */
final class JobContexts {

    static final String POINT_ID = "pointId";
    static final String REPOSITORY = "repository";
    static final String PLAN = "plan";
    static final String SCHEMA = "schema";
    static final String ACCESS = "access";
    static final String WARNINGS = "warnings";
    static final String PART = "part";
    static final String RESULT = "result";
    /** A part split by tier: its cold half's result ({@link #RESULT} holds the hot half's). */
    static final String RESULT_COLD = "resultCold";

    private JobContexts() {}

    static ExecutionContext job(ChunkContext chunk) {
        return chunk.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
    }

    static ExecutionContext step(ChunkContext chunk) {
        return chunk.getStepContext().getStepExecution().getExecutionContext();
    }

    static void put(ExecutionContext context, String key, Object value) {
        context.putString(key, RepositoryJson.MAPPER.writeValueAsString(value));
    }

    /** The plan a run of the job made (its snapshot step's), or null when none got that far. */
    static BackupPlan plan(JobRepository jobRepository, JobInstance instance) {
        StepExecution snapshot = jobRepository.getLastStepExecution(instance, BackupStep.SNAPSHOT.stepName());
        return snapshot == null ? null : get(snapshot.getExecutionContext(), PLAN, BackupPlan.class);
    }

    /** What the job's completed schema step stored; empty when no run of the job completed it. */
    static ExecutionContext schemaStep(JobRepository jobRepository, JobInstance instance) {
        StepExecution schema = jobRepository.getLastStepExecution(instance, BackupStep.SCHEMA.stepName());
        return schema == null || schema.getStatus() != BatchStatus.COMPLETED ? new ExecutionContext()
                : schema.getExecutionContext();
    }

    static <T> T get(ExecutionContext context, String key, Class<T> type) {
        String json = context.getString(key, null);
        return json == null ? null : RepositoryJson.MAPPER.readValue(json, type);
    }
}

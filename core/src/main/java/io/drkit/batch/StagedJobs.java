package io.drkit.batch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.error.DrkitException;

/**
 * Runs work as a Spring Batch job whose steps are stages of work held in this JVM, so
 * each run and the wall time of each of its steps are in the catalog's job history. A verification
 * is not resumed after a kill: running it again is cheap and proves more than half a run would.
 */
@Component
public class StagedJobs {

    static final String RUN_ID = "runId";

    private final Map<String, Map<String, Runnable>> running = new ConcurrentHashMap<>();
    private final JobOperator operator;

    public StagedJobs(JobOperator operator) {
        this.operator = operator;
    }

    /**
     * @param stages step name → its work, for the steps of {@code job}
     * @param parameters identifying job parameters (a run id is added)
     * @return step name → wall milliseconds
     */
    public Map<String, Long> run(Job job, Map<String, String> parameters, Map<String, Runnable> stages) {
        String runId = UUID.randomUUID().toString();
        JobParametersBuilder params = new JobParametersBuilder().addString(RUN_ID, runId);
        parameters.forEach((k, v) -> params.addString(k, v == null ? "" : v));
        running.put(runId, stages);
        JobExecution execution;
        try {
            execution = operator.start(job, params.toJobParameters());
        } catch (Exception e) {
            throw DrkitException.failed("the " + job.getName() + " job could not run: " + e.getMessage(), e);
        } finally {
            running.remove(runId);
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw JobFailures.asError(execution, "the " + job.getName() + " job");
        }
        Map<String, Long> phases = new LinkedHashMap<>();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStartTime() != null && step.getEndTime() != null) {
                phases.put(step.getStepName(), Duration.between(step.getStartTime(), step.getEndTime()).toMillis());
            }
        }
        return phases;
    }

    /** A job of staged steps, in the order given. */
    public Job job(JobRepository jobs, String name, String... steps) {
        var builder = new JobBuilder(name, jobs).start(step(jobs, steps[0]));
        for (int i = 1; i < steps.length; i++) {
            builder = builder.next(step(jobs, steps[i]));
        }
        return builder.build();
    }

    /** A step whose work is the stage registered under its name. */
    public Step step(JobRepository jobs, String name) {
        return TaskletSteps.of(jobs, name, (contribution, chunk) -> execute(chunk));
    }

    /** The tasklet of every staged step: runs the stage registered under the step's name. */
    public RepeatStatus execute(ChunkContext chunk) {
        String runId = String.valueOf(chunk.getStepContext().getJobParameters().get(RUN_ID));
        Map<String, Runnable> stages = running.get(runId);
        if (stages == null) {
            throw DrkitException.failed("run " + runId + " is not running in this process", null);
        }
        stages.get(chunk.getStepContext().getStepName()).run();
        return RepeatStatus.FINISHED;
    }
}

package io.drkit.core.batch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import io.drkit.core.error.DrkitException;

/**
 * Runs work as a Spring Batch job whose steps are stages of work held in this JVM, so
 * each run and the wall time of each of its steps are in the catalog's job history. A verification
 * is not resumed after a kill: running it again is cheap and proves more than half a run would.
 */
@Component
public class StagedJobs {

    static final String RUN_ID = "runId";

    /** The stages of one run, by step name. */
    private record Stages(Map<String, Runnable> byStep) {}

    private static final RunKind<Stages> STAGED = new RunKind<>(Stages.class, RUN_ID,
            id -> "run " + id + " is not running in this process");

    private final LiveRuns runs;
    private final JobOperator operator;

    public StagedJobs(LiveRuns runs, JobOperator operator) {
        this.runs = runs;
        this.operator = operator;
    }

    /**
     * @param stages each step of {@code job} → its work
     * @param parameters identifying job parameters (a run id is added)
     * @return step name → wall milliseconds
     */
    public Map<String, Long> run(Job job, Map<String, String> parameters, Map<? extends StepName, Runnable> stages) {
        String runId = UUID.randomUUID().toString();
        JobParametersBuilder params = new JobParametersBuilder().addString(RUN_ID, runId);
        parameters.forEach((k, v) -> params.addString(k, v == null ? "" : v));
        Map<String, Runnable> byStep = new LinkedHashMap<>();
        stages.forEach((step, work) -> byStep.put(step.stepName(), work));
        JobExecution execution;
        try (LiveRuns.Registration run = runs.add(STAGED, runId, new Stages(byStep))) {
            execution = operator.start(job, params.toJobParameters());
        } catch (Exception e) {
            throw DrkitException.failed("the " + job.getName() + " job could not run: " + e.getMessage(), e);
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

    /** A job of staged steps, in the order given (an enum's {@code values()}). */
    public Job job(JobRepository jobs, String name, StepName... steps) {
        List<StepName> order = List.of(steps);
        var builder = new JobBuilder(name, jobs).start(step(jobs, order.get(0)));
        for (StepName step : order.subList(1, order.size())) {
            builder = builder.next(step(jobs, step));
        }
        return builder.build();
    }

    /** A step whose work is the stage registered under its name. */
    private Step step(JobRepository jobs, StepName name) {
        return TaskletSteps.of(jobs, name, (contribution, chunk) -> execute(chunk));
    }

    /** The tasklet of every staged step: runs the stage registered under the step's name. */
    private RepeatStatus execute(ChunkContext chunk) {
        runs.get(STAGED, chunk).byStep().get(chunk.getStepContext().getStepName()).run();
        return RepeatStatus.FINISHED;
    }
}

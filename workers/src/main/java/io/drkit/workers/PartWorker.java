package io.drkit.workers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.stereotype.Service;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.PartRun;
import io.drkit.core.batch.StopSignal;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.config.ThisHost;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;

/**
 * {@code drkit worker}: takes partition requests from the broker's queue, one per thread at a time,
 * and runs them with Spring Batch's {@link StepExecutionRequestHandler} against the shared job
 * repository. A request is acknowledged only once its part has ended, so a worker that dies with a
 * part in hand gives it back to the broker, which hands it to another worker. A stop (SIGTERM)
 * cancels the consumers, so no new part is taken, and waits for the parts in hand to finish.
 */
@Service
public class PartWorker {

    private static final String[] RUN_PARAMETERS = {"pointId", "runId"};

    private final WorkerSettings settings;
    private final JobRepository jobRepository;
    private final LiveRuns runs;
    private final BeanFactory beans;
    private final RuntimeSettings runtime;
    private final RepositoryOpener opener;

    public PartWorker(WorkerSettings settings, JobRepository jobRepository, LiveRuns runs, BeanFactory beans,
            RuntimeSettings runtime, RepositoryOpener opener) {
        this.settings = settings;
        this.jobRepository = jobRepository;
        this.runs = runs;
        this.beans = beans;
        this.runtime = runtime;
        this.opener = opener;
    }

    /**
     * Runs until stopped.
     *
     * @param out one line per part taken and per part finished
     * @param err what the worker can reach, and what went wrong
     */
    public void run(Consumer<String> out, Consumer<String> err) throws InterruptedException {
        try (Broker broker = Broker.of(settings)) {
            broker.declare();
            err.accept("worker: " + ThisHost.name() + " takes parts from " + broker + " (queue " + settings.queue()
                    + "), " + settings.effectiveThreads() + " at a time");
            reach(err);
            broker.connections().addConnectionListener(new BrokerLines(broker.toString(), err));
            runs.attachOnDemand();
            StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
            handler.setJobRepository(jobRepository);
            handler.setStepLocator(name -> beans.getBean(name, Step.class));
            SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(broker.connections());
            container.setQueueNames(broker.queue());
            container.setConcurrentConsumers(settings.effectiveThreads());
            container.setPrefetchCount(1);
            container.setAcknowledgeMode(AcknowledgeMode.AUTO);
            // a request that cannot be read would come back forever; the manager times its part out
            container.setDefaultRequeueRejected(false);
            container.setShutdownTimeout(settings.partTimeout().toMillis());
            container.setMessageListener(message -> {
                PartRequest request;
                try {
                    request = PartRequest.parse(message.getBody());
                } catch (RuntimeException e) {
                    err.accept("worker: dropped a message that is not a drkit part request (" + e.getMessage() + ")");
                    return;
                }
                take(request, handler, out, err);
            });
            container.afterPropertiesSet();
            CountDownLatch stopped = new CountDownLatch(1);
            StopSignal.drainInstead(() -> {
                err.accept("worker: stopping: no new parts are taken; the parts in hand finish first");
                container.stop();
                stopped.countDown();
            });
            container.start();
            err.accept("worker: waiting for parts");
            stopped.await();
            runs.detachAll();
            err.accept("worker: stopped");
        }
    }

    /** Says which of the manager's other services this worker reaches; a part needing one it does not reach fails. */
    private void reach(Consumer<String> err) {
        reach(runtime.properties().sourceUrl(), runtime::sourceUrl, "source", "DRKIT_SOURCE_URL", "backup parts", err);
        reach(runtime.properties().scratchUrl(), runtime::scratchUrl, "scratch server", "DRKIT_SCRATCH_URL",
                "restore parts into scratch databases", err);
        try (PointRepository repository = opener.open(1)) {
            err.accept("worker: repository " + repository.identity().uri() + ": reachable"
                    + (repository.descriptor().encryption() == null ? "" : ", encrypted, key "
                            + (repository.key() == null ? "not given (DRKIT_ENCRYPTION_KEY_FILE)" : "given")));
        } catch (DrkitException e) {
            err.accept("worker: repository not reachable: " + e.getMessage());
        }
    }

    private static void reach(String setting, Supplier<JdbcUrl> url, String what, String variable, String parts,
            Consumer<String> err) {
        if (setting == null || setting.isBlank()) {
            err.accept("worker: no " + what + " set (" + variable + "): this worker cannot take " + parts);
            return;
        }
        JdbcUrl database = null;
        try {
            database = url.get();
            try (Connection c = PgConnections.open(database, what)) {
                err.accept("worker: " + what + " " + database + ": reachable (" + parts + ")");
            }
        } catch (DrkitException | SQLException e) {
            err.accept("worker: " + what + " " + (database == null ? "" : database + " ") + "not reachable: "
                    + e.getMessage());
        }
    }

    private void take(PartRequest request, StepExecutionRequestHandler handler, Consumer<String> out,
            Consumer<String> err) {
        StepExecution part = jobRepository.getStepExecution(request.stepExecutionId());
        if (part == null) {
            err.accept("worker: dropped a request for step execution " + request.stepExecutionId()
                    + ": the catalog has no such part (is this worker on the manager's catalog?)");
            return;
        }
        JobExecution job = part.getJobExecution();
        String what = job.getJobInstance().getJobName() + " " + run(job) + " " + part.getStepName()
                + (part.getExecutionContext().containsKey(PartRun.LABEL) ? " (" + PartRun.label(part) + ")" : "");
        if (!part.getStatus().isRunning() || !job.isRunning()) {
            err.accept("worker: dropped " + what + ": " + (job.isRunning() ? "it has ended already" : "its job no longer runs"));
            return;
        }
        part.getExecutionContext().putString(PartRun.HOST, ThisHost.name());
        part.getExecutionContext().putString(PartRun.ATTEMPT, java.util.UUID.randomUUID().toString().substring(0, 8));
        jobRepository.updateExecutionContext(part);
        out.accept("worker: took " + what);
        StepExecution done = handler.handle(request.request());
        if (done.getStatus() != BatchStatus.COMPLETED
                && jobRepository.getStepExecution(done.getId()).getStatus().isRunning()) {
            jobRepository.update(done); // the handler leaves a failure outside the step to its caller to record
        }
        out.accept("worker: finished " + what + WorkerLines.seconds(done) + " (" + done.getStatus().name().toLowerCase()
                + done.getFailureExceptions().stream().findFirst().map(PartWorker::said).orElse("") + ")");
        runs.detachUnless(id -> {
            JobExecution e = jobRepository.getJobExecution(id);
            return e != null && e.isRunning();
        });
    }

    /** A part's failure in a line: redacted as the job's own failures are (no URL's password). */
    private static String said(Throwable failure) {
        return ": " + (failure.getMessage() == null ? failure.getClass().getSimpleName() : JdbcUrl.redact(failure.getMessage()));
    }

    private static String run(JobExecution job) {
        for (String name : RUN_PARAMETERS) {
            String value = job.getJobParameters().getString(name);
            if (value != null) {
                return (name.equals("pointId") ? "point " : "run ") + value;
            }
        }
        return "execution " + job.getId();
    }
}

package io.drkit.core.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.drkit.core.error.DrkitException;

/**
 * The runs going on in this JVM, each under the value of the job parameter that names it: how a
 * service hands what cannot be kept in the job repository (connections, a snapshot, the stages of a
 * staged job) to the job's steps. One registry for every job.
 *
 * <p>In a worker process ({@link #attachOnDemand()}), a run started by another process is attached
 * when its first partition arrives, by the {@link RunAttacher} of its kind, and detached once its job
 * no longer runs.
 */
@Component
public class LiveRuns {

    private final Map<String, Object> running = new ConcurrentHashMap<>();
    private final Map<String, Attached> attached = new ConcurrentHashMap<>();
    private final ObjectProvider<RunAttacher<?>> attachers;
    private volatile boolean attaching;

    public LiveRuns(ObjectProvider<RunAttacher<?>> attachers) {
        this.attachers = attachers;
    }

    /** A registered run: closing it takes the run out of the registry. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private record Attached(long jobExecutionId, Runnable detach) {}

    /** @param id the value of {@code kind.parameter()} the run's job is started with */
    public <T> Registration add(RunKind<T> kind, String id, T state) {
        running.put(id, state);
        return () -> running.remove(id, state);
    }

    /** This process runs partitions of jobs other processes started (it is a worker). */
    public void attachOnDemand() {
        attaching = true;
    }

    /** The state of the run a step belongs to. */
    public <T> T get(RunKind<T> kind, ChunkContext chunk) {
        String id = String.valueOf(chunk.getStepContext().getJobParameters().get(kind.parameter()));
        if (attaching && !running.containsKey(id)) {
            attach(kind, id, chunk.getStepContext().getStepExecution());
        }
        return get(kind, id);
    }

    /** @throws DrkitException when the run is not going on in this process */
    public <T> T get(RunKind<T> kind, String id) {
        Object state = running.get(id);
        if (!kind.type().isInstance(state)) {
            throw DrkitException.failed(kind.missing().apply(id), null);
        }
        return kind.type().cast(state);
    }

    /** Detaches the attached runs whose job execution, by id, no longer runs. */
    public void detachUnless(LongPredicate jobRunning) {
        attached.forEach((id, a) -> {
            if (!jobRunning.test(a.jobExecutionId()) && attached.remove(id, a)) {
                running.remove(id);
                a.detach().run();
            }
        });
    }

    /** Detaches every attached run: the worker is stopping. */
    public void detachAll() {
        detachUnless(jobExecutionId -> false);
    }

    private synchronized <T> void attach(RunKind<T> kind, String id, StepExecution step) {
        if (running.containsKey(id)) {
            return;
        }
        for (RunAttacher<?> candidate : attachers) {
            if (candidate.kind().equals(kind)) {
                @SuppressWarnings("unchecked")
                RunAttacher<T> attacher = (RunAttacher<T>) candidate;
                T state = attacher.attach(step);
                running.put(id, state);
                attached.put(id, new Attached(step.getJobExecutionId(), () -> attacher.detach(state)));
                return;
            }
        }
    }
}

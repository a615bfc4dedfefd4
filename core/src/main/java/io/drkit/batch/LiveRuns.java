package io.drkit.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.stereotype.Component;

import io.drkit.error.DrkitException;

/**
 * The runs going on in this JVM, each under the value of the job parameter that names it: how a
 * service hands what cannot be kept in the job repository (connections, a snapshot, the stages of a
 * staged job) to the job's steps. One registry for every job.
 */
@Component
public class LiveRuns {

    private final Map<String, Object> running = new ConcurrentHashMap<>();

    /** A registered run: closing it takes the run out of the registry. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** @param id the value of {@code kind.parameter()} the run's job is started with */
    public <T> Registration add(RunKind<T> kind, String id, T state) {
        running.put(id, state);
        return () -> running.remove(id, state);
    }

    /** The state of the run a step belongs to. */
    public <T> T get(RunKind<T> kind, ChunkContext chunk) {
        return get(kind, String.valueOf(chunk.getStepContext().getJobParameters().get(kind.parameter())));
    }

    /** @throws DrkitException when the run is not going on in this process */
    public <T> T get(RunKind<T> kind, String id) {
        Object state = running.get(id);
        if (!kind.type().isInstance(state)) {
            throw DrkitException.failed(kind.missing().apply(id), null);
        }
        return kind.type().cast(state);
    }
}

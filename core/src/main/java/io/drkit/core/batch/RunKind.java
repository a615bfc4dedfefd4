package io.drkit.core.batch;

/**
 * A kind of run whose live state (a snapshot, an open repository, the stages of a staged job) is
 * handed to its steps through {@link LiveRuns}.
 *
 * @param type the state's class
 * @param parameter the job parameter whose value names the run
 * @param missing what a step says when its run is not in this process, for a run id
 */
public record RunKind<T>(Class<T> type, String parameter, java.util.function.Function<String, String> missing) {}

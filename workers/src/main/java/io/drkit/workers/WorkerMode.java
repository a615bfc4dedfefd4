package io.drkit.workers;

/** Where a job's data step runs its partitions ({@code drkit.workers.mode}). */
public enum WorkerMode {
    /** On this process's threads (the default). */
    LOCAL,
    /** On {@code drkit worker} processes, through the broker. */
    REMOTE
}

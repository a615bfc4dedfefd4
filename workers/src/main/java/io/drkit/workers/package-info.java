/**
 * Parts of a job run on worker processes on other hosts, over RabbitMQ, with Spring Batch's own
 * remote partitioning: the manager sends a {@code StepExecutionRequest} per partition to one queue,
 * workers run them with {@code StepExecutionRequestHandler} against the shared job repository
 * (drkit's catalog), and the manager follows the partitions there. A worker that dies with a part in
 * hand leaves its message unacknowledged, so the broker gives the part to another worker.
 * May use batch, config and error.
 * Not @NullMarked: the broker URL is null when unset.
 */
package io.drkit.workers;

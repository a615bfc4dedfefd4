/**
 * drkit worker: a long-running process that runs the parts of other hosts' jobs, taken from the broker.
 * May use core, workers and io.drkit.cli.
 * Not @NullMarked: picocli fills the fields after construction.
 */
package io.drkit.cli.worker;

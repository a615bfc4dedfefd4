/**
 * Spring Batch pieces every job shares: stop-aware tasklet steps, staged jobs, partition handling, job
 * failures, the stop signal.
 * May use error and pg; no job module.
 * Not @NullMarked: JobFailures returns null when no drkit failure is found, and staged-job parameters
 * may be null.
 */
package io.drkit.core.batch;

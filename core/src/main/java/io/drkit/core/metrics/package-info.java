/**
 * The figures of this process's run and their publication: Prometheus textfile (written by Micrometer) and
 * Pushgateway (pushed by the Prometheus Java client).
 * May use config only.
 * Not @NullMarked: a job's last success or failure time is null when it has none.
 */
package io.drkit.core.metrics;

package io.drkit.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * One job run as Prometheus metrics, through Micrometer: gauges labelled {@code drkit_job} (not
 * {@code job}, which Prometheus sets to the scrape target's job). A run that failed leaves the last
 * success time of an earlier run standing, and the other way round.
 */
final class JobMetrics {

    private JobMetrics() {}

    /**
     * @param lastSuccess an earlier run's success time to keep when this one failed, or null
     * @param lastFailure an earlier run's failure time to keep when this one succeeded, or null
     * @return the Prometheus text exposition format
     */
    static String render(String job, int exitCode, Instant finished, Duration duration, Map<JobOutcome.Figure, Double> figures,
            Double lastSuccess, Double lastFailure) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Tags tags = Tags.of("drkit_job", job);
        double now = finished.toEpochMilli() / 1000.0;
        boolean success = exitCode == 0;
        gauge(registry, "drkit_last_run_timestamp_seconds", "when the last run of the job ended (Unix time)", tags, now);
        gauge(registry, "drkit_last_run_exit_code", "exit code of the last run (0 success, 3 integrity, 4 target missed, ...)",
                tags, exitCode);
        gauge(registry, "drkit_last_run_duration_seconds", "wall time of the last run", tags, duration.toMillis() / 1000.0);
        Double successTime = success ? Double.valueOf(now) : lastSuccess;
        Double failureTime = success ? lastFailure : Double.valueOf(now);
        if (successTime != null) {
            gauge(registry, "drkit_last_success_timestamp_seconds", "when the job last succeeded (Unix time)", tags,
                    successTime);
        }
        if (failureTime != null) {
            gauge(registry, "drkit_last_failure_timestamp_seconds", "when the job last failed (Unix time)", tags,
                    failureTime);
        }
        figures.forEach((figure, value) -> gauge(registry, figure.metric, figure.help, tags, value));
        return registry.scrape();
    }

    private static void gauge(PrometheusMeterRegistry registry, String name, String help, Tags tags, double value) {
        Gauge.builder(name, () -> value).description(help).tags(tags).register(registry);
    }
}

package io.drkit.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * One job run as Prometheus gauges labelled {@code drkit_job} (not {@code job}, which Prometheus sets
 * to the scrape target's job). A run that failed leaves the last success time of an earlier run
 * standing, and the other way round.
 */
final class JobMetrics {

    /** The label every drkit gauge carries, naming the job. */
    static final String JOB_LABEL = "drkit_job";

    /** One gauge of a run. */
    record Sample(String name, String help, double value) {}

    private JobMetrics() {}

    /**
     * @param lastSuccess an earlier run's success time to keep when this one failed, or null
     * @param lastFailure an earlier run's failure time to keep when this one succeeded, or null
     */
    static List<Sample> of(int exitCode, Instant finished, Duration duration, Map<JobOutcome.Figure, Double> figures,
            Double lastSuccess, Double lastFailure) {
        List<Sample> samples = new ArrayList<>();
        double now = finished.toEpochMilli() / 1000.0;
        boolean success = exitCode == 0;
        samples.add(new Sample("drkit_last_run_timestamp_seconds", "when the last run of the job ended (Unix time)", now));
        samples.add(new Sample("drkit_last_run_exit_code",
                "exit code of the last run (0 success, 3 integrity, 4 target missed, ...)", exitCode));
        samples.add(new Sample("drkit_last_run_duration_seconds", "wall time of the last run", duration.toMillis() / 1000.0));
        Double successTime = success ? Double.valueOf(now) : lastSuccess;
        Double failureTime = success ? lastFailure : Double.valueOf(now);
        if (successTime != null) {
            samples.add(new Sample("drkit_last_success_timestamp_seconds", "when the job last succeeded (Unix time)",
                    successTime));
        }
        if (failureTime != null) {
            samples.add(new Sample("drkit_last_failure_timestamp_seconds", "when the job last failed (Unix time)",
                    failureTime));
        }
        figures.forEach((figure, value) -> samples.add(new Sample(figure.metric, figure.help, value)));
        return samples;
    }

    /** @return the samples in the Prometheus text exposition format, written by Micrometer */
    static String render(String job, List<Sample> samples) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Tags tags = Tags.of(JOB_LABEL, job);
        for (Sample s : samples) {
            Gauge.builder(s.name(), s::value).description(s.help()).tags(tags).register(registry);
        }
        return registry.scrape();
    }
}

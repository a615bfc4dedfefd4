package io.drkit.core.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;

/**
 * Writes a finished job's metrics where Prometheus users keep batch metrics: a {@code drkit_<job>.prom}
 * file in the node exporter's textfile directory (replaced atomically, so the exporter never reads
 * half a file) and, when configured, the Pushgateway. Metrics are a by-product: a failure to write
 * them is said on stderr and does not change the job's exit code.
 */
@Component
public class MetricsPublisher {

    private final RuntimeSettings settings;

    public MetricsPublisher(RuntimeSettings settings) {
        this.settings = settings;
    }

    /** @param outcome the run's job, figures and labels, as its command handed them over */
    public void publish(JobOutcome outcome, int exitCode, Instant started, Consumer<String> warn) {
        String job = outcome.job();
        DrkitProperties.Metrics cfg = settings.properties().metrics();
        if (cfg.textfileDirectory() == null && blank(cfg.pushgateway())) {
            return;
        }
        Instant finished = Instant.now();
        Duration duration = Duration.between(started, finished);
        if (cfg.textfileDirectory() != null) {
            Path file = cfg.textfileDirectory().resolve("drkit_" + job.replace('-', '_') + ".prom");
            try {
                String earlier = Files.isRegularFile(file) ? Files.readString(file) : "";
                String text = JobMetrics.render(job, JobMetrics.of(exitCode, finished, duration, outcome.figures(),
                        valueOf(earlier, "drkit_last_success_timestamp_seconds"),
                        valueOf(earlier, "drkit_last_failure_timestamp_seconds")));
                Files.createDirectories(file.getParent());
                Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
                Files.writeString(partial, text);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                warn.accept("drkit: the metrics file " + file + " could not be written: " + e.getMessage());
            }
        }
        if (!blank(cfg.pushgateway())) {
            try {
                PushgatewayPush.push(cfg.pushgateway(), job,
                        JobMetrics.of(exitCode, finished, duration, outcome.figures(), null, null));
            } catch (IOException | RuntimeException e) {
                warn.accept("drkit: the metrics could not be pushed: " + e.getMessage());
            }
        }
    }

    private static Double valueOf(String exposition, String metric) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{[^}]*\\} (\\S+)$").matcher(exposition);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

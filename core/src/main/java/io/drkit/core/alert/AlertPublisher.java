package io.drkit.core.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.config.ThisHost;
import io.drkit.core.error.ExitCode;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.repository.RepositoryJson;

/**
 * Tells a webhook when a job failed, a verification failed or a target was missed, once per run,
 * besides the exit code. A receiver that cannot be reached or answers 5xx is tried again with a
 * growing delay; a 4xx answer is final. An alert that cannot be delivered is said on stderr and does
 * not change the exit code.
 */
@Component
public class AlertPublisher {

    /** Another run holding the lock (5) is a skipped run, not a failure: no alert. */
    private static final Set<Integer> ALERTING = Set.of(ExitCode.JOB_FAILED.code(), ExitCode.USAGE.code(),
            ExitCode.INTEGRITY.code(), ExitCode.TARGET_MISSED.code());

    private final RuntimeSettings settings;

    public AlertPublisher(RuntimeSettings settings) {
        this.settings = settings;
    }

    /** @param outcome the run's job and the labels the alert carries */
    public void publish(JobOutcome outcome, int exitCode, Consumer<String> warn) {
        DrkitProperties.Alerts cfg = settings.properties().alerts();
        if (cfg.webhook() == null || cfg.webhook().isBlank() || !ALERTING.contains(exitCode)) {
            return;
        }
        send(outcome, exitCode, reason(exitCode), warn);
    }

    /**
     * An alert about a condition that needs a person although the run itself succeeded (exit code 0),
     * such as a replication slot holding back too much of the source's WAL.
     */
    public void condition(JobOutcome outcome, String reason, Consumer<String> warn) {
        DrkitProperties.Alerts cfg = settings.properties().alerts();
        if (cfg.webhook() != null && !cfg.webhook().isBlank()) {
            send(outcome, 0, reason, warn);
        }
    }

    private void send(JobOutcome outcome, int exitCode, String reason, Consumer<String> warn) {
        DrkitProperties.Alerts cfg = settings.properties().alerts();
        Map<String, String> labels = outcome.labels();
        Alert alert = new Alert(UUID.randomUUID().toString(), "drkit", outcome.job(), exitCode, reason,
                labels.get("point"), labels.get("verdict"), labels.get("report"), ThisHost.name(), Instant.now());
        byte[] body = RepositoryJson.MAPPER.writeValueAsBytes(alert);
        HttpClient client = HttpClient.newBuilder().connectTimeout(cfg.timeout()).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(cfg.webhook())).timeout(cfg.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        RetryTemplate retries = new RetryTemplate(RetryPolicy.builder().maxRetries(cfg.retries())
                .delay(Duration.ofMillis(500)).multiplier(2).maxDelay(Duration.ofSeconds(10))
                .includes(IOException.class, ReceiverError.class).build());
        try {
            int status = retries.execute(() -> {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 500) {
                    throw new ReceiverError(response.statusCode());
                }
                return response.statusCode();
            });
            if (status / 100 != 2) {
                warn.accept("drkit: the alert webhook refused the alert with HTTP " + status);
            }
        } catch (RetryException e) {
            Throwable last = e.getCause() == null ? e : e.getCause();
            warn.accept("drkit: the alert could not be delivered after " + (cfg.retries() + 1) + " attempts: "
                    + last.getClass().getSimpleName() + (last.getMessage() == null ? "" : " " + last.getMessage()));
        }
    }

    private static String reason(int exitCode) {
        for (ExitCode c : ExitCode.values()) {
            if (c.code() == exitCode) {
                return c.meaning();
            }
        }
        return "exit code " + exitCode;
    }

    /** A 5xx answer: the receiver is there but not well, so it is worth another try. */
    private static final class ReceiverError extends Exception {
        ReceiverError(int status) {
            super("HTTP " + status);
        }
    }
}

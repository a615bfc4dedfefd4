package io.drkit.workers;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

import io.drkit.core.config.SettingChecks;

/**
 * {@code drkit.workers.*}. A record of its own rather than a component of DrkitProperties: only the
 * data steps and {@code drkit worker} read it.
 *
 * @param mode {@code local} (this process's threads) or {@code remote} (worker processes)
 * @param brokerUrl the RabbitMQ broker, {@code amqp://user:pass@host:5672/vhost} ({@code DRKIT_BROKER_URL})
 * @param partTimeout the longest one part may run on a worker before the job fails
 * @param workerWait {@code drkit.workers.wait}: how long a job waits for a worker to connect before it fails
 * @param queue the queue the parts go to; managers and workers of one fleet share it
 * @param threads parts one worker runs at once (default: its processors)
 */
@ConfigurationProperties("drkit.workers")
public record WorkerSettings(@DefaultValue("local") WorkerMode mode, String brokerUrl,
        @DefaultValue("1h") Duration partTimeout, @Name("wait") @DefaultValue("60s") Duration workerWait,
        @DefaultValue("drkit.parts") String queue, Integer threads) {

    public WorkerSettings {
        SettingChecks.positive(partTimeout, "drkit.workers.part-timeout", "1h");
        SettingChecks.positive(workerWait, "drkit.workers.wait", "60s");
        brokerUrl = brokerUrl == null || brokerUrl.isBlank() ? null : brokerUrl.trim();
        if (queue == null || queue.isBlank()) {
            throw SettingChecks.invalid("drkit.workers.queue", "is empty: give a queue name, such as drkit.parts");
        }
        if (threads != null) {
            SettingChecks.atLeast(threads, 1, "drkit.workers.threads", "one part at a time at least");
        }
    }

    public int effectiveThreads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}

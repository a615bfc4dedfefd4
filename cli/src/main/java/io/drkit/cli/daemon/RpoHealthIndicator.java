package io.drkit.cli.daemon;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.drkit.status.Status;
import io.drkit.status.StatusService;

/**
 * {@code rpo}: down when the current RPO misses its target, as {@code drkit status} exits 4. The
 * status reads every manifest of the repository, so a probe that polls every few seconds reuses it
 * for {@link #FRESH}.
 */
@Component("rpo")
public class RpoHealthIndicator implements HealthIndicator {

    static final Duration FRESH = Duration.ofSeconds(30);

    private final ObjectProvider<StatusService> status;
    private volatile Status last;

    public RpoHealthIndicator(ObjectProvider<StatusService> status) {
        this.status = status;
    }

    @Override
    public Health health() {
        Status s = last;
        if (s == null || s.at().isBefore(Instant.now().minus(FRESH))) {
            s = status.getObject().now();
            last = s;
        }
        return (s.rpoMet() ? Health.up() : Health.down()).withDetail("rpoMillis", s.rpoMillis() == null ? "no point" : s.rpoMillis())
                .withDetail("rpoTargetMillis", s.rpoTargetMillis()).withDetail("newestPointId",
                        s.newestPointId() == null ? "none" : s.newestPointId().value()).build();
    }
}

package io.drkit.cli.daemon;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.drkit.status.Status;
import io.drkit.status.StatusService;

/** {@code rpo}: down when the current RPO misses its target, as {@code drkit status} exits 4. */
@Component("rpo")
public class RpoHealthIndicator implements HealthIndicator {

    private final ObjectProvider<StatusService> status;

    public RpoHealthIndicator(ObjectProvider<StatusService> status) {
        this.status = status;
    }

    @Override
    public Health health() {
        Status s = status.getObject().now();
        return (s.rpoMet() ? Health.up() : Health.down()).withDetail("rpoMillis", s.rpoMillis() == null ? "no point" : s.rpoMillis())
                .withDetail("rpoTargetMillis", s.rpoTargetMillis()).withDetail("newestPointId",
                        s.newestPointId() == null ? "none" : s.newestPointId()).build();
    }
}

package io.drkit.cli.daemon;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.drkit.schedule.Daemon;

/** {@code scheduler}: up while the daemon schedules, with each job's next and last run. */
@Component("scheduler")
public class SchedulerHealthIndicator implements HealthIndicator {

    private final DaemonHolder holder;

    public SchedulerHealthIndicator(DaemonHolder holder) {
        this.holder = holder;
    }

    @Override
    public Health health() {
        return holder.get().filter(Daemon::running)
                .map(d -> Health.up().withDetail("jobs", d.jobs()).build())
                .orElseGet(() -> Health.down().withDetail("reason", "the scheduler is not running").build());
    }
}

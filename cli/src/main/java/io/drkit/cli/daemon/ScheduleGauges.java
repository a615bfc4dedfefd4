package io.drkit.cli.daemon;

import java.time.Instant;
import java.util.function.ToDoubleFunction;

import io.drkit.schedule.Daemon;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The daemon's own figures on {@code /actuator/prometheus}, beside the JVM's: each scheduled job's next
 * fire time, whether it runs now and how its last run here ended. A job's own figures (rows, RPO, RTO)
 * are in the metrics each run writes, as for a run started by cron.
 */
final class ScheduleGauges {

    private ScheduleGauges() {}

    static void register(MeterRegistry registry, Daemon daemon) {
        Gauge.builder("drkit_daemon_scheduler_up", daemon, d -> d.running() ? 1 : 0)
                .description("1 while the daemon schedules jobs").register(registry);
        for (Daemon.JobState job : daemon.jobs()) {
            String key = job.job();
            Tags tags = Tags.of("drkit_job", key);
            gauge(registry, "drkit_schedule_next_run_timestamp_seconds", "the job's next fire time (Unix time)", tags,
                    daemon, key, s -> seconds(s.nextFire()));
            gauge(registry, "drkit_schedule_last_run_timestamp_seconds", "the fire time of the job's last run (Unix time)",
                    tags, daemon, key, s -> seconds(s.lastFire()));
            gauge(registry, "drkit_schedule_running", "1 while this daemon runs the job", tags, daemon, key,
                    s -> s.running() ? 1 : 0);
            gauge(registry, "drkit_schedule_last_exit_code", "exit code of the job's last run by this daemon", tags,
                    daemon, key, s -> s.lastExitCode() == null ? Double.NaN : s.lastExitCode());
        }
    }

    private static void gauge(MeterRegistry registry, String name, String help, Tags tags, Daemon daemon, String key,
            ToDoubleFunction<Daemon.JobState> value) {
        Gauge.builder(name, daemon, d -> d.jobs().stream().filter(s -> s.job().equals(key)).findFirst()
                .map(value::applyAsDouble).orElse(Double.NaN)).description(help).tags(tags).register(registry);
    }

    private static double seconds(Instant at) {
        return at == null ? Double.NaN : at.getEpochSecond();
    }
}

package io.drkit.cli.daemon;

import java.time.Instant;
import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.drkit.core.alert.AlertPublisher;
import io.drkit.core.batch.StopSignal;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.MetricsPublisher;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.standby.StandbyService;
import io.drkit.standby.StandbySettings;

/**
 * The daemon's follower of {@code drkit.standby.target-url}, on a thread of its own: {@code standby
 * --follow} in-process. A point that does not prove stops it for good (an alert goes out, the health
 * shows it); any other failure (a server restarting, the repository unreachable) is tried again
 * after the poll interval; a promotion ends it.
 */
@Component
public class StandbyFollower {

    private final ObjectProvider<StandbyService> service;
    private final StandbySettings settings;
    private final ObjectProvider<MetricsPublisher> metrics;
    private final AlertPublisher alerts;

    public StandbyFollower(ObjectProvider<StandbyService> service, StandbySettings settings,
            ObjectProvider<MetricsPublisher> metrics, AlertPublisher alerts) {
        this.service = service;
        this.settings = settings;
        this.metrics = metrics;
        this.alerts = alerts;
    }

    /** Starts following when a standby is configured; says so on {@code log}. */
    void start(Consumer<String> log) {
        if (settings.targetUrl() == null) {
            return;
        }
        JdbcUrl target = JdbcUrl.parse(settings.targetUrl());
        Thread t = new Thread(() -> follow(target, log), "drkit-standby-follower");
        t.setDaemon(true);
        t.start();
        log.accept("daemon: following standby " + target.redacted() + " every " + settings.poll());
    }

    private void follow(JdbcUrl target, Consumer<String> log) {
        Instant started = Instant.now();
        while (!StopSignal.requested()) {
            try {
                StandbyService.Outcome end = service.getObject().run(target, true, false, log,
                        round -> metrics.getObject().publish(round.metrics(), 0, started, log));
                if (end.stopped()) {
                    return;
                }
            } catch (DrkitException e) {
                log.accept("daemon: standby " + target.redacted() + ": " + e.getMessage());
                if (e.exitCode() == ExitCode.INTEGRITY) {
                    alerts.publish(JobOutcome.of(JobName.STANDBY), e.exitCode().code(), log);
                    return;
                }
            } catch (RuntimeException e) {
                log.accept("daemon: standby " + target.redacted() + ": " + JdbcUrl.redact(String.valueOf(e.getMessage())));
            }
            try {
                StopSignal.sleep(settings.poll());
            } catch (DrkitException stopped) {
                return;
            }
        }
    }

}

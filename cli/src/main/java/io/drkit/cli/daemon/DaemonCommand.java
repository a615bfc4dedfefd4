package io.drkit.cli.daemon;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import io.drkit.core.catalog.Catalog;
import io.drkit.cli.ConfigFile;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.schedule.CronSchedule;
import io.drkit.schedule.Daemon;
import io.drkit.schedule.ScheduleRuns;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Command;

@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the schedules (drkit.schedules.<job>) in-process until stopped (SIGTERM). Daemons",
            "sharing a catalog take each run once between them and never run a job twice at once. A run",
            "missed while no daemon was up runs once at start-up (drkit.daemon.catch-up). Health, with the",
            "RPO against its target: http://127.0.0.1:7187/actuator/health, metrics for Prometheus:",
            "/actuator/prometheus (DRKIT_DAEMON_ADDRESS, _PORT). With drkit.standby.target-url set, it also",
            "follows that standby (drkit standby --follow) and adds its health."})
public class DaemonCommand implements Callable<Integer> {

    private final RuntimeSettings settings;
    private final ObjectProvider<ScheduleRuns> runs;
    private final ObjectProvider<Catalog> catalog;
    private final DaemonHolder holder;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<MeterRegistry> registry;
    private final ObjectProvider<StandbyFollower> standby;

    public DaemonCommand(RuntimeSettings settings, ObjectProvider<ScheduleRuns> runs, ObjectProvider<Catalog> catalog,
            DaemonHolder holder, ApplicationEventPublisher events, ObjectProvider<MeterRegistry> registry,
            ObjectProvider<StandbyFollower> standby) {
        this.standby = standby;
        this.settings = settings;
        this.runs = runs;
        this.catalog = catalog;
        this.holder = holder;
        this.events = events;
        this.registry = registry;
    }

    @Override
    public Integer call() throws InterruptedException {
        List<CronSchedule> schedules = CronSchedule.configured(settings.properties().schedules(),
                settings.incremental().enabled());
        var cfg = settings.properties().daemon();
        List<String> config = ConfigFile.current().map(c -> List.of("--config", c.path().toString())).orElse(List.of());
        Daemon daemon = new Daemon(schedules, new ChildProcessLauncher(config,
                cfg.grace()), runs.getObject(), catalog.getObject(), cfg.catchUp(), line -> System.err.println(line));
        holder.set(daemon);
        registry.ifAvailable(r -> ScheduleGauges.register(r, daemon));
        // the command runs until stopped, so Spring never gets to call the application ready on its own
        AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        System.err.println("daemon: running " + schedules.size() + " schedules: " + String.join(", ",
                schedules.stream().map(s -> s.job().key() + " '" + s.expression() + "'").toList()));
        standby.getObject().start(line -> System.err.println(line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("daemon: stopping; running jobs end where their next run resumes them");
            daemon.stop(cfg.grace());
            stopped.countDown();
        }, "drkit-daemon-stop"));
        stopped.await();
        return 0;
    }
}

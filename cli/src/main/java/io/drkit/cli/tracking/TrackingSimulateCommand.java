package io.drkit.cli.tracking;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.drkit.core.batch.StopSignal;
import io.drkit.cli.Output;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.progress.Progress;
import io.drkit.tracking.SimulationStats;
import io.drkit.tracking.TrackingSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run live traffic against a seeded tracking database, as couriers' handhelds do:",
            "scans, status changes, new orders, deliveries and a few cancellations. Ctrl-C stops it."})
public class TrackingSimulateCommand implements Callable<Integer> {

    @Mixin
    TrackingDatabaseOption database;

    @Mixin
    Output output;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "50",
            description = "Scans per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "1m",
            description = "How long to run, for example 30s, 10m, 2h. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    private final RuntimeSettings settings;

    public TrackingSimulateCommand(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        JdbcUrl url = database.resolve(settings);
        SimulationStats stats;
        try (Progress progress = output.progress().start("simulating", (long) (rate * duration.toSeconds()), "events", 1)) {
            // Ctrl-C ends the traffic and still prints what it wrote
            stats = TrackingSimulator.run(url, rate, duration, StopSignal::requested, progress);
        }
        output.result(TrackingDocuments.Simulation.of(stats), String.format(Locale.ROOT,
                "simulated %.1f s on %s: %d scans (%.1f/s), %d status changes, %d new shipments, %d cancelled and deleted",
                stats.elapsed().toMillis() / 1000.0, url, stats.events(), stats.eventsPerSecond(),
                stats.statusUpdates(), stats.newShipments(), stats.deletes()));
        return 0;
    }
}

package io.drkit.cli.tracking;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.drkit.cli.Output;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.progress.Progress;
import io.drkit.tracking.SeedHistory;
import io.drkit.tracking.SeedSummary;
import io.drkit.tracking.TrackingSchema;
import io.drkit.tracking.TrackingSeeder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Fill an empty tracking database with a deterministic history:",
            "the same --seed and --shipments always give the same rows."})
public class TrackingSeedCommand implements Callable<Integer> {

    @Mixin
    TrackingDatabaseOption database;

    @Mixin
    Output output;

    @Option(names = "--shipments", paramLabel = "N", defaultValue = "10000",
            description = "Shipments to generate, each with its scans (about 7 per shipment). Default: ${DEFAULT-VALUE}.")
    long shipments;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--months", paramLabel = "N",
            description = {"A history of N months that ends at --end (default: now), so that recent parcels are",
                "a small share of the rows. Without it, a fixed history from 2026-02-28 that grows with --shipments."})
    Integer months;

    @Option(names = "--end", paramLabel = "INSTANT",
            description = "With --months: when the history ends (ISO-8601, e.g. 2026-11-20T08:00:00Z); the same --seed,"
                    + " --shipments, --months and --end always give the same rows.")
    Instant end;

    private final RuntimeSettings settings;

    public TrackingSeedCommand(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        JdbcUrl url = database.resolve(settings);
        SeedSummary summary = seed(url, shipments, seed, history(), output);
        output.result(TrackingDocuments.Seed.of(summary), describe(summary, url));
        return 0;
    }

    private SeedHistory history() {
        if (months == null) {
            if (end != null) {
                throw DrkitException.usage("--end gives the end of a --months history; give --months too");
            }
            return SeedHistory.standard(shipments);
        }
        return SeedHistory.months(months, end == null ? Instant.now() : end);
    }

    /** Migrates, then seeds with a progress display; shared with the demo. */
    public static SeedSummary seed(JdbcUrl url, long shipments, long seed, SeedHistory history, Output output) {
        if (shipments <= 0) {
            throw DrkitException.usage("--shipments must be positive, not " + shipments);
        }
        TrackingSchema.migrate(url);
        try (Progress progress = output.progress().start("seeding", TrackingSeeder.estimatedEvents(shipments),
                "events", 1)) {
            return TrackingSeeder.seed(url, shipments, seed, history, progress);
        }
    }

    public static String describe(SeedSummary s, JdbcUrl url) {
        return String.format(Locale.ROOT,
                "seeded %s with seed %d: %d stations, %d couriers, %d shipments, %d tracking events, %d delivery proofs"
                        + " from %s to %s in %.1f s",
                url, s.seed(), s.stations(), s.couriers(), s.shipments(), s.events(), s.proofs(),
                s.historyFrom(), s.historyTo(), s.elapsed().toMillis() / 1000.0);
    }
}

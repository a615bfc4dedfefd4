package io.drkit.cli.tracking;

import java.util.Locale;
import java.util.concurrent.Callable;

import io.drkit.cli.Output;
import io.drkit.config.RuntimeSettings;
import io.drkit.pg.JdbcUrl;
import io.drkit.progress.Progress;
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

    private final RuntimeSettings settings;

    public TrackingSeedCommand(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        JdbcUrl url = database.resolve(settings);
        SeedSummary summary = seed(url, shipments, seed, output);
        output.result(TrackingDocuments.Seed.of(summary), describe(summary, url));
        return 0;
    }

    /** Migrates, then seeds with a progress display; shared with the demo. */
    public static SeedSummary seed(JdbcUrl url, long shipments, long seed, Output output) {
        if (shipments <= 0) {
            throw io.drkit.error.DrkitException.usage("--shipments must be positive, not " + shipments);
        }
        TrackingSchema.migrate(url);
        try (Progress progress = output.progress().start("seeding", TrackingSeeder.estimatedEvents(shipments),
                "events", 1)) {
            return TrackingSeeder.seed(url, shipments, seed, progress);
        }
    }

    public static String describe(SeedSummary s, JdbcUrl url) {
        return String.format(Locale.ROOT,
                "seeded %s with seed %d: %d stations, %d couriers, %d shipments, %d tracking events, %d delivery proofs"
                        + " in %.1f s",
                url, s.seed(), s.stations(), s.couriers(), s.shipments(), s.events(), s.proofs(),
                s.elapsed().toMillis() / 1000.0);
    }
}

package io.drkit.cli.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.drkit.cli.Output;
import io.drkit.cli.tracking.TrackingSeedCommand;
import io.drkit.config.RuntimeSettings;
import io.drkit.embedded.EmbeddedPostgresServer;
import io.drkit.error.DrkitException;
import io.drkit.pg.JdbcUrl;
import io.drkit.pg.PgConnections;
import io.drkit.tracking.SeedSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole story with no set-up: a tracking database on an embedded PostgreSQL",
            "(or on DRKIT_SOURCE_URL when set), seeded with a deterministic history."})
public class DemoCommand implements Callable<Integer> {

    @Mixin
    Output output;

    @Option(names = "--shipments", paramLabel = "N", defaultValue = "20000",
            description = "Shipments to seed. Default: ${DEFAULT-VALUE}.")
    long shipments;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "drkit-work",
            description = "Where the embedded server keeps its data. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    private final RuntimeSettings settings;

    public DemoCommand(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() throws Exception {
        String configured = settings.properties().sourceUrl();
        if (configured != null && !configured.isBlank()) {
            return run(JdbcUrl.parse(configured), "the database of DRKIT_SOURCE_URL", true);
        }
        Path dataDir = workDir.toAbsolutePath().resolve("embedded-postgres");
        output.line("starting an embedded PostgreSQL server (data in " + dataDir + ")...");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false)) {
            JdbcUrl source = server.adminUrl().withDatabase("tracking");
            createDatabaseIfMissing(server.adminUrl(), "tracking");
            settings.useSource(source);
            settings.useScratch(server.adminUrl());
            return run(source, "an embedded PostgreSQL server on " + server.adminUrl().host() + ":"
                    + server.adminUrl().port() + " (stopped when the demo ends; its data stays in " + dataDir + ")",
                    false);
        }
    }

    private int run(JdbcUrl source, String where, boolean stays) throws SQLException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("source", source.redacted());
        long existing = shipmentsIn(source);
        if (existing > 0) {
            output.line("the tracking database already holds " + existing + " shipments; keeping them");
            result.put("shipments", existing);
        } else {
            SeedSummary seeded = TrackingSeedCommand.seed(source, shipments, 1, output);
            output.line(TrackingSeedCommand.describe(seeded, source));
            result.put("seed", seeded);
        }
        output.result(result,
                "demo: a parcel-tracking database is ready on " + where + ": " + source,
                stays ? "next: drkit tracking simulate --rate 50 --duration 30s" : "");
        return 0;
    }

    private static long shipmentsIn(JdbcUrl url) throws SQLException {
        try (Connection c = PgConnections.open(url, "source"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('tracking.shipments') IS NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tracking.shipments")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void createDatabaseIfMissing(JdbcUrl admin, String name) {
        try (Connection c = PgConnections.open(admin, "embedded"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw DrkitException.failed("cannot create the demo database: " + e.getMessage(), e);
        }
    }
}

package io.drkit.cli.tracking;

import java.util.concurrent.Callable;

import io.drkit.cli.Output;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.tracking.TrackingSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create or update the tracking schema (Flyway migrations).")
public class TrackingInitCommand implements Callable<Integer> {

    @Mixin
    TrackingDatabaseOption database;

    @Mixin
    Output output;

    private final RuntimeSettings settings;

    public TrackingInitCommand(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() throws Exception {
        JdbcUrl url = database.resolve(settings);
        PgConnections.open(url, "tracking").close();
        int applied = TrackingSchema.migrate(url);
        output.result(new TrackingDocuments.Init(url.redacted(), applied),
                applied == 0 ? "tracking schema already up to date in " + url
                        : "tracking schema created in " + url + " (" + applied + " migration" + (applied == 1 ? "" : "s") + ")");
        return 0;
    }
}

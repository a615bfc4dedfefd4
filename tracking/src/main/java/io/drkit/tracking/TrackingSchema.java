package io.drkit.tracking;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;

/** The reference tracking schema, kept as Flyway migrations under {@code db/tracking}. */
public final class TrackingSchema {

    public static final String SCHEMA = "tracking";

    private TrackingSchema() {}

    /** Brings the database's tracking schema up to date; returns how many migrations ran. */
    public static int migrate(JdbcUrl url) {
        // Fail on an unreachable or missing database with drkit's own message, not Flyway's.
        try (java.sql.Connection probe = PgConnections.open(url, "tracking")) {
            probe.isValid(1);
        } catch (java.sql.SQLException e) {
            throw PgConnections.cannotConnect(url, "tracking", e);
        }
        MigrateResult result = Flyway.configure()
                .dataSource(url.url(), null, null)
                .locations("classpath:db/tracking")
                .schemas(SCHEMA)
                .table("tracking_schema_history")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}

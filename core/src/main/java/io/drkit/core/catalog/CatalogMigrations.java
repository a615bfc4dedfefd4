package io.drkit.core.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Brings the catalog to this build's schema. A catalog that is already there (every command after the
 * first) is told by one query on Flyway's history table; Flyway itself is started only when a
 * migration is due. Starting it scans the classpath, loads its plugins and reads every migration to
 * check it: about 0.3 s of every command's start on a 2-core VM, which a drill counts in its RTO.
 */
final class CatalogMigrations {

    /** The version of the newest migration under {@code db/catalog}; a unit test holds the two together. */
    static final String LATEST = "12";

    private static final String LOCATION = "classpath:db/catalog";

    private CatalogMigrations() {}

    static void migrate(DataSource catalog) {
        if (!current(catalog)) {
            Flyway.configure().dataSource(catalog).locations(LOCATION).load().migrate();
        }
    }

    /** True when the last migration applied is this build's newest and it succeeded. */
    static boolean current(DataSource catalog) {
        try (Connection c = catalog.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                if (!exists.next() || !exists.getBoolean(1)) {
                    return false;
                }
            }
            try (ResultSet last = s.executeQuery("SELECT version, success FROM flyway_schema_history "
                    + "WHERE version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                return last.next() && last.getBoolean(2) && LATEST.equals(last.getString(1));
            }
        } catch (SQLException e) {
            return false; // Flyway then says what is wrong, in its words
        }
    }
}

package io.drkit.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.function.Consumer;

import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.SourceIdentity;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SourceIdentityReader;

/**
 * Finds or makes the database a restore writes into, and refuses every database it must not touch:
 * the point's source, and any database that already holds tables (unless they are an unfinished
 * restore of the same point, which is then continued). Nothing is written before these checks pass.
 */
final class TargetPreparer {

    private TargetPreparer() {}

    /** A scratch database's name says what it holds: the point's id, which carries its time. */
    static String scratchName(PointId pointId) {
        return "drkit_" + pointId.value().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    /** How a restore names its scratch database to the catalog (lock, job parameter): {@code host:port/drkit_…}. */
    static String scratchTarget(JdbcUrl scratchServer, PointId pointId) {
        return scratchServer.host() + ":" + scratchServer.port() + "/" + scratchName(pointId);
    }

    /** Whether a restore's target, as the catalog names it, is a scratch database ({@link #scratchTarget}). */
    static boolean isScratchTarget(String target) {
        return target != null && target.matches("[^/]+:\\d+/drkit_[a-z0-9_]+");
    }

    /** Into a database the operator named: it must exist and be empty. */
    static RestoreTarget named(Manifest point, JdbcUrl url) {
        try (Connection c = PgConnections.open(url, "target")) {
            return claim(c, point, url, null, false);
        } catch (SQLException e) {
            throw DrkitException.failed("cannot prepare the target database " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new scratch database on the scratch server, or the one an unfinished restore of this point
     * left; with {@code startOver}, an unfinished one is dropped and made anew (and {@code log} says so).
     */
    static RestoreTarget scratch(Manifest point, JdbcUrl scratchServer, boolean startOver, Consumer<String> log) {
        String name = scratchName(point.pointId());
        JdbcUrl url = scratchServer.withDatabase(name);
        try (Connection admin = PgConnections.open(scratchServer, "scratch")) {
            boolean exists;
            try (Statement s = admin.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + Identifiers.literal(name))) {
                exists = rs.next();
            }
            if (exists && startOver && unfinishedRestoreOf(url, point)) {
                try (Statement s = admin.createStatement()) {
                    s.execute("DROP DATABASE " + Identifiers.quote(name) + " WITH (FORCE)");
                }
                log.accept("restore: dropped scratch database " + name + ", left by a run that did not finish, "
                        + "so that this restore does all the work it is timed for");
                exists = false;
            }
            if (!exists) {
                try (Statement s = admin.createStatement()) {
                    s.execute("CREATE DATABASE " + Identifiers.quote(name));
                }
            }
            try (Connection c = PgConnections.open(url, "scratch")) {
                return claim(c, point, url, scratchServer, exists);
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot prepare the scratch database " + name + " on "
                    + scratchServer.redacted() + ": " + e.getMessage(), e);
        }
    }

    /** Only a restore drkit left unfinished is dropped; a database kept on purpose is refused as before. */
    private static boolean unfinishedRestoreOf(JdbcUrl url, Manifest point) throws SQLException {
        try (Connection c = PgConnections.open(url, "scratch")) {
            return point.pointId().equals(RestoreLedger.pointOf(c));
        }
    }

    private static RestoreTarget claim(Connection c, Manifest point, JdbcUrl url, JdbcUrl admin, boolean existed)
            throws SQLException {
        refuseSource(c, point, url);
        PointId unfinished = RestoreLedger.pointOf(c);
        if (unfinished != null) {
            if (!unfinished.equals(point.pointId())) {
                throw DrkitException.usage("database " + url.database() + " holds an unfinished restore of point "
                        + unfinished + ", not " + point.pointId() + "; drop it or restore elsewhere");
            }
            return new RestoreTarget(url, admin, admin != null, true);
        }
        long tables = userTables(c);
        if (tables > 0) {
            throw DrkitException.usage("database " + url.database() + " is not empty (" + tables + " tables)"
                    + (existed && admin != null ? "; a restore of this point kept earlier? drop it or use --target-url" : "")
                    + "; drkit restores only into an empty database");
        }
        c.setAutoCommit(true);
        RestoreLedger.create(c, point.pointId());
        return new RestoreTarget(url, admin, admin != null, false);
    }

    private static void refuseSource(Connection c, Manifest point, JdbcUrl url) throws SQLException {
        SourceIdentity target = SourceIdentityReader.read(c);
        SourceIdentity source = point.source();
        boolean known = !"unknown".equals(target.systemIdentifier()) && !"unknown".equals(source.systemIdentifier());
        // without the privilege to read the system identifier, a matching name is reason enough to stop
        boolean sameServer = !known || target.systemIdentifier().equals(source.systemIdentifier());
        if (sameServer && target.database().equals(source.database())) {
            throw DrkitException.usage("refusing to restore into " + url.redacted() + ": it is the source of point "
                    + point.pointId() + " (system " + source.systemIdentifier() + ", database " + source.database() + ")");
        }
    }

    private static long userTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'f', 'm', 'v')
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drkit_restore')
                  AND n.nspname NOT LIKE 'pg\\_%'
                """)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops a scratch database, even with sessions still open on it. */
    static void dropScratch(RestoreTarget target) {
        try (Connection admin = PgConnections.open(target.admin(), "scratch"); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(target.name()) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw DrkitException.failed("cannot drop the scratch database " + target.name() + ": " + e.getMessage(), e);
        }
    }
}

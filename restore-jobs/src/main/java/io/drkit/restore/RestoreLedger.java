package io.drkit.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import io.drkit.core.manifest.PointId;

/**
 * What a restore has done, kept in the target database itself: every step (a part loaded, an index
 * built) commits in the same transaction as its record, so a restore killed at any moment and run
 * again does each exactly once. The schema is dropped when the restore ends, leaving the target as
 * the source was.
 */
final class RestoreLedger {

    static final String SCHEMA = "drkit_restore";

    private RestoreLedger() {}

    static void create(Connection c, PointId pointId) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".point (point_id text NOT NULL)");
            s.execute("CREATE TABLE " + SCHEMA + ".done (item text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + SCHEMA + ".point VALUES (?)")) {
            p.setString(1, pointId.value());
            p.executeUpdate();
        }
    }

    /** The point an unfinished restore into this database was loading, or null when there is none. */
    static PointId pointOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('" + SCHEMA + ".point') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT point_id FROM " + SCHEMA + ".point")) {
            return rs.next() ? PointId.of(rs.getString(1)) : null;
        }
    }

    static Set<String> done(Connection c) throws SQLException {
        Set<String> items = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT item FROM " + SCHEMA + ".done")) {
            while (rs.next()) {
                items.add(rs.getString(1));
            }
        }
        return items;
    }

    static boolean isDone(Connection c, String item) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM " + SCHEMA + ".done WHERE item = ?")) {
            p.setString(1, item);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records {@code item} in the caller's transaction, which commits it with the work it stands for. */
    static void record(Connection c, String item) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + SCHEMA + ".done (item) VALUES (?)")) {
            p.setString(1, item);
            p.executeUpdate();
        }
    }

    static void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // the point's own settings may make new sessions of the database read-only
            s.execute("SET default_transaction_read_only = off");
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}

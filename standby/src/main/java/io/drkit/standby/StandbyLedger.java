package io.drkit.standby;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;

/**
 * The points a standby has applied, kept in the standby itself: each point's changes commit in the
 * same transaction as its row here, so a follower killed at any moment applies no point twice and
 * none by half. {@code --promote} drops it, leaving the database as the source was.
 */
final class StandbyLedger {

    static final String SCHEMA = "drkit_standby";

    /**
     * @param fullPointId the full point of the chain the standby stands on
     */
    record Applied(PointId pointId, PointId fullPointId, Instant pointTime) {}

    private StandbyLedger() {}

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".applied (point_id text PRIMARY KEY, "
                    + "full_point_id text NOT NULL, point_time timestamptz NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())");
        }
    }

    /** The newest point applied, or null when the database is no standby (yet, or any more). */
    static Applied last(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('" + SCHEMA + ".applied') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT point_id, full_point_id, point_time FROM "
                + SCHEMA + ".applied ORDER BY point_time DESC, applied_at DESC LIMIT 1")) {
            return rs.next() ? new Applied(PointId.of(rs.getString(1)), PointId.of(rs.getString(2)),
                    rs.getTimestamp(3).toInstant()) : null;
        }
    }

    /** Records the point in the caller's transaction, which commits it with the changes it stands for. */
    static void record(Connection c, Manifest point, PointId fullPointId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + SCHEMA
                + ".applied (point_id, full_point_id, point_time) VALUES (?, ?, ?)")) {
            p.setString(1, point.pointId().value());
            p.setString(2, fullPointId.value());
            p.setTimestamp(3, Timestamp.from(point.time()));
            p.executeUpdate();
        }
    }

    static void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}

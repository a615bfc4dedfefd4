package io.drkit.standby;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.drkit.core.catalog.Catalog;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.repository.RepositoryIdentity;

/**
 * The catalog's record of each standby ({@code drkit_standby}): where it stands and its last proof,
 * for {@code status}, metrics and the daemon's health, and the stop flag with which {@code --promote}
 * asks a running follower to let go. A point the standby proves is also a verified point
 * ({@code drkit_verified_point}, {@code verified_by = 'standby'}), which retention keeps and the
 * verified RPO counts.
 */
@Component
public class StandbyCatalog {

    /** What a standby is doing. */
    public enum State { FOLLOWING, STOPPED, FAILED, PROMOTED }

    /**
     * @param target the standby database, its URL without secrets
     * @param problem why it stopped following, when it failed
     */
    public record Standby(String target, String repository, State state, PointId pointId, Instant pointTime,
            Instant provenAt, String problem, Instant promotedAt, Instant updatedAt) {}

    private final Catalog catalog;

    public StandbyCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The point was applied and proven: the standby stands there, and the point counts as verified. */
    void proven(String target, RepositoryIdentity repository, Manifest point, Instant at) {
        update(c -> {
            upsert(c, target, repository, State.FOLLOWING);
            try (PreparedStatement p = c.prepareStatement("UPDATE drkit_standby SET state = 'FOLLOWING', point_id = ?, "
                    + "point_time = ?, proven_at = ?, problem = NULL, updated_at = now() WHERE target = ?")) {
                p.setString(1, point.pointId().value());
                p.setTimestamp(2, Timestamp.from(point.time()));
                p.setTimestamp(3, Timestamp.from(at));
                p.setString(4, target);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO drkit_verified_point (repository, point_id, "
                    + "point_time, verified_at, verified_by) VALUES (?, ?, ?, ?, 'standby') ON CONFLICT DO NOTHING")) {
                p.setString(1, repository.uri());
                p.setString(2, point.pointId().value());
                p.setTimestamp(3, Timestamp.from(point.time()));
                p.setTimestamp(4, Timestamp.from(at));
                p.executeUpdate();
            }
        });
    }

    void state(String target, RepositoryIdentity repository, State state, String problem) {
        update(c -> {
            upsert(c, target, repository, state);
            try (PreparedStatement p = c.prepareStatement("UPDATE drkit_standby SET state = ?, problem = ?, "
                    + "promoted_at = CASE WHEN ? THEN now() ELSE promoted_at END, updated_at = now() WHERE target = ?")) {
                p.setString(1, state.name());
                p.setString(2, problem);
                p.setBoolean(3, state == State.PROMOTED);
                p.setString(4, target);
                p.executeUpdate();
            }
        });
    }

    /** Raised by {@code --promote} (and a failover drill's pause); a follower checks it between points. */
    void requestStop(String target, boolean stop) {
        update(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE drkit_standby SET stop_requested = ? WHERE target = ?")) {
                p.setBoolean(1, stop);
                p.setString(2, target);
                p.executeUpdate();
            }
        });
    }

    boolean stopRequested(String target) {
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement p = c.prepareStatement("SELECT stop_requested FROM drkit_standby WHERE target = ?")) {
            p.setString(1, target);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the standby's record in the catalog: " + e.getMessage(), e);
        }
    }

    /** The standby's record, when the catalog has one. */
    public java.util.Optional<Standby> of(RepositoryIdentity repository, String target) {
        return all(repository).stream().filter(s -> s.target().equals(target)).findFirst();
    }

    /** Every standby of the repository, newest record first. */
    public List<Standby> all(RepositoryIdentity repository) {
        List<Standby> found = new ArrayList<>();
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement p = c.prepareStatement("SELECT target, repository, state, point_id, point_time, proven_at, "
                        + "problem, promoted_at, updated_at FROM drkit_standby WHERE repository = ANY (?) "
                        + "ORDER BY updated_at DESC")) {
            p.setArray(1, c.createArrayOf("text", repository.spellings().toArray()));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    found.add(new Standby(rs.getString(1), rs.getString(2), State.valueOf(rs.getString(3)), pointId(rs.getString(4)),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getString(7),
                            instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9))));
                }
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the standbys' records in the catalog: " + e.getMessage(), e);
        }
        return found;
    }

    /** A standby that never proved a point has none. */
    private static PointId pointId(String id) {
        return id == null ? null : PointId.of(id);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static void upsert(Connection c, String target, RepositoryIdentity repository, State state) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO drkit_standby (target, repository, state) VALUES (?, ?, ?) "
                + "ON CONFLICT (target) DO UPDATE SET repository = excluded.repository")) {
            p.setString(1, target);
            p.setString(2, repository.uri());
            p.setString(3, state.name());
            p.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void update(Work work) {
        try (Connection c = catalog.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot write the standby's record in the catalog: " + e.getMessage(), e);
        }
    }
}

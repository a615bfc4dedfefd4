package io.drkit.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.drkit.core.manifest.PointId;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.error.DrkitException;

/** The catalog's record of the points a restore proved whole: the newest gives the verified RPO. */
@Component
public class VerifiedPoints {

    private final Catalog catalog;

    public VerifiedPoints(Catalog catalog) {
        this.catalog = catalog;
    }

    /** @param verifiedAt when the restore proved it */
    public record VerifiedPoint(PointId pointId, Instant pointTime, Instant verifiedAt) {}

    /** Records the points of a report whose restore proved them whole, in the caller's transaction. */
    static void record(Connection c, RepositoryIdentity repository, Report report) throws SQLException {
        if (!report.restoreProven()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO drkit_verified_point (repository, point_id, "
                + "point_time, verified_at, report_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Report.PointRef p : report.points()) {
                s.setString(1, repository.uri());
                s.setString(2, p.id());
                s.setTimestamp(3, Timestamp.from(p.time()));
                s.setTimestamp(4, Timestamp.from(report.finished()));
                s.setString(5, report.reportId());
                s.execute();
            }
        }
    }

    /** The newest point (by its own time) that a restore proved whole no later than {@code at}. */
    public Optional<VerifiedPoint> newest(RepositoryIdentity repository, Instant at) {
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT point_id, point_time, min(verified_at) "
                        + "FROM drkit_verified_point WHERE repository = ANY (?) AND verified_at <= ? "
                        + "GROUP BY point_id, point_time ORDER BY point_time DESC LIMIT 1")) {
            s.setArray(1, c.createArrayOf("text", repository.spellings().toArray()));
            s.setTimestamp(2, Timestamp.from(at));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new VerifiedPoint(PointId.of(rs.getString(1)), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the catalog's record of verified points: " + e.getMessage(), e);
        }
    }
}

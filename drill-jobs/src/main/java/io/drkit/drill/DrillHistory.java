package io.drkit.drill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.drkit.core.manifest.PointId;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.error.DrkitException;
import io.drkit.core.objectives.TargetMiss;
import io.drkit.report.Report;

/** Every drill, kept in the catalog: what {@code drkit status} and the history draw on. */
@Component
public class DrillHistory {

    private final Catalog catalog;

    public DrillHistory(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A past drill, as the catalog keeps it. */
    /**
     * @param rtoServingMillis the RTO to serving; null for a point without tiers (it had no serving moment)
     *     and for drills recorded before drkit measured it
     */
    public record PastDrill(Instant declaredAt, PointId pointId, String verdict, Long rtoMillis, Long rpoMillis,
            String targetsMissed, String reportId, Long rtoServingMillis) {}

    void record(RepositoryIdentity repository, DrillResult r, String reportId) {
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO drkit_drill (repository, declared_at, point_id, "
                        + "point_choice, verdict, rto_ms, rpo_ms, rpo_verified_ms, worst_rpo_ms, rto_target_ms, "
                        + "rpo_target_ms, targets_missed, report_id, rto_serving_ms, rto_serving_target_ms)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            DrillAssessment a = r.assessment();
            s.setString(1, repository.uri());
            s.setTimestamp(2, Timestamp.from(r.request().declaredAt()));
            s.setString(3, a.point().pointId().value());
            s.setString(4, a.choice());
            s.setString(5, r.report().verdict().label());
            setMillis(s, 6, r.rtoMillis());
            setMillis(s, 7, a.rpo() == null ? null : a.rpo().toMillis());
            setMillis(s, 8, a.rpoVerified() == null ? null : a.rpoVerified().toMillis());
            setMillis(s, 9, a.worst() == null ? null : a.worst().length().toMillis());
            s.setLong(10, r.report().drill().rtoTargetMillis());
            s.setLong(11, r.report().drill().rpoTargetMillis());
            s.setString(12, String.join("; ", r.misses().stream().map(TargetMiss::toString).toList()));
            s.setString(13, reportId);
            setMillis(s, 14, r.serving() == null ? null : r.serving().rtoMillis());
            setMillis(s, 15, r.report().drill().rtoServingTargetMillis());
            s.execute();
        } catch (SQLException e) {
            throw DrkitException.failed("cannot keep the drill in the catalog: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps a failover drill ({@code kind = 'failover'}): its RTO is the declaration to the standby's copy
     * promoted and proven, its RPO the age of the standby's point.
     */
    public void recordFailover(RepositoryIdentity repository, Report report, String reportId) {
        Report.Failover f = report.failover();
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO drkit_drill (repository, declared_at, point_id, "
                        + "point_choice, verdict, rto_ms, rpo_ms, rto_target_ms, rpo_target_ms, targets_missed, "
                        + "report_id, kind) VALUES (?, ?, ?, 'standby', ?, ?, ?, ?, ?, ?, ?, 'failover')")) {
            s.setString(1, repository.uri());
            s.setTimestamp(2, Timestamp.from(f.declaredAt()));
            s.setString(3, report.points().get(0).id());
            s.setString(4, report.verdict().label());
            s.setLong(5, f.rtoMillis());
            s.setLong(6, f.rpoMillis());
            s.setLong(7, f.rtoTargetMillis());
            s.setLong(8, f.rpoTargetMillis());
            s.setString(9, String.join("; ", f.misses().stream().map(TargetMiss::toString).toList()));
            s.setString(10, reportId);
            s.execute();
        } catch (SQLException e) {
            throw DrkitException.failed("cannot keep the failover drill in the catalog: " + e.getMessage(), e);
        }
    }

    /** The newest restore drills of a repository, newest first (failover drills are not restores). */
    public List<PastDrill> newest(RepositoryIdentity repository, int limit) {
        List<PastDrill> drills = new ArrayList<>();
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT declared_at, point_id, verdict, rto_ms, rpo_ms, "
                        + "targets_missed, report_id, rto_serving_ms FROM drkit_drill WHERE repository = ANY (?) "
                        + "AND kind = 'restore' ORDER BY declared_at DESC LIMIT ?")) {
            s.setArray(1, c.createArrayOf("text", repository.spellings().toArray()));
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    drills.add(new PastDrill(rs.getTimestamp(1).toInstant(), PointId.of(rs.getString(2)), rs.getString(3),
                            (Long) rs.getObject(4), (Long) rs.getObject(5), rs.getString(6), rs.getString(7),
                            (Long) rs.getObject(8)));
                }
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the catalog's drill history: " + e.getMessage(), e);
        }
        return drills;
    }

    private static void setMillis(PreparedStatement s, int index, Long millis) throws SQLException {
        if (millis == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, millis);
        }
    }
}

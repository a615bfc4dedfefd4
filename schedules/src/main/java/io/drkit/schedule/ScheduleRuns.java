package io.drkit.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.drkit.core.catalog.Catalog;
import io.drkit.core.config.ThisHost;
import io.drkit.core.error.DrkitException;

/** The catalog's record of scheduled runs: who took each fire time, and how it ended. */
@Component
public class ScheduleRuns {

    private final Catalog catalog;

    public ScheduleRuns(Catalog catalog) {
        this.catalog = catalog;
    }

    /** @return whether this daemon took the fire time; false when another daemon already had */
    public boolean claim(ScheduledJob job, Instant fireTime) {
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO drkit_schedule_run (job, fire_time, host, pid, "
                        + "started_at) VALUES (?, ?, ?, ?, now()) ON CONFLICT DO NOTHING")) {
            s.setString(1, job.key());
            s.setTimestamp(2, Timestamp.from(fireTime));
            s.setString(3, ThisHost.name());
            s.setLong(4, ProcessHandle.current().pid());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw DrkitException.failed("cannot record the scheduled run in the catalog: " + e.getMessage(), e);
        }
    }

    public void finish(ScheduledJob job, Instant fireTime, int exitCode) {
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE drkit_schedule_run SET finished_at = now(), "
                        + "exit_code = ? WHERE job = ? AND fire_time = ?")) {
            s.setInt(1, exitCode);
            s.setString(2, job.key());
            s.setTimestamp(3, Timestamp.from(fireTime));
            s.executeUpdate();
        } catch (SQLException e) {
            throw DrkitException.failed("cannot record the end of the scheduled run in the catalog: " + e.getMessage(), e);
        }
    }

    /** The newest fire time any daemon took for the job. */
    public Optional<Instant> lastFire(ScheduledJob job) {
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT max(fire_time) FROM drkit_schedule_run WHERE job = ?")) {
            s.setString(1, job.key());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the scheduled runs from the catalog: " + e.getMessage(), e);
        }
    }

}

package io.drkit.core.changes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.postgresql.PGConnection;
import org.postgresql.replication.ReplicationSlotInfo;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;

/**
 * A logical slot just created, with the snapshot the source exported at its consistent point: a
 * transaction that imports the snapshot sees exactly the transactions that committed before the
 * slot's first change. The snapshot can be imported only while this object is open (the
 * replication connection must stay idle), so it is closed as soon as the snapshot is taken up.
 */
public final class SlotStart implements AutoCloseable {

    private final Connection connection;
    private final ReplicationSlotInfo info;

    private SlotStart(Connection connection, ReplicationSlotInfo info) {
        this.connection = connection;
        this.info = info;
    }

    /**
     * A new slot starts once every transaction that was writing on the source when it was asked for
     * has ended: a transaction left open would make drkit wait for ever, so after {@code wait} the
     * creation is cancelled and the error names the sessions it waited for.
     *
     * @param temporary a slot that lives only as long as this object: for the aligned snapshot of an incremental
     */
    public static SlotStart create(JdbcUrl source, String slot, boolean temporary, Duration wait) {
        Connection c = LogicalSource.replication(source);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drkit-slot-watchdog");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<String> waitedFor = new AtomicReference<>();
        try {
            int pid = backendPid(c);
            watchdog.schedule(() -> waitedFor.set(cancel(source, pid)), Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
            var builder = c.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName(slot).withOutputPlugin("pgoutput");
            if (temporary) {
                builder = builder.withTemporaryOption();
            }
            return new SlotStart(c, builder.make());
        } catch (SQLException e) {
            LogicalSource.close(c);
            watchdog.shutdownNow();
            if (waitedFor.get() != null) {
                throw DrkitException.failed("creating the replication slot " + slot + " waited " + wait.toSeconds()
                        + " s for transactions open on the source to end (" + waitedFor.get() + "); end them, or "
                        + "raise DRKIT_BACKUP_LOCKTIMEOUT, and run again", e);
            }
            throw DrkitException.failed("cannot create the replication slot " + slot + " on the source: "
                    + JdbcUrl.redact(e.getMessage()), e);
        } finally {
            watchdog.shutdownNow();
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Cancels the waiting creation; says which sessions it was waiting for (their pids and since when, no queries). */
    private static String cancel(JdbcUrl source, int pid) {
        try (Connection c = PgConnections.open(source, "source"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT string_agg(format('pid %s, open since %s', pid, "
                        + "date_trunc('second', xact_start)), '; ' ORDER BY xact_start) FROM pg_stat_activity "
                        + "WHERE backend_xid IS NOT NULL AND pid <> " + pid + " AND backend_type = 'client backend'")) {
            rs.next();
            String sessions = rs.getString(1);
            try (Statement cancel = c.createStatement()) {
                cancel.execute("SELECT pg_cancel_backend(" + pid + ")");
            }
            return sessions == null ? "none left by then" : sessions;
        } catch (SQLException | RuntimeException e) {
            return "which ones could not be read: " + JdbcUrl.redact(e.getMessage());
        }
    }

    public String slot() {
        return info.getSlotName();
    }

    public String snapshotName() {
        return info.getSnapshotName();
    }

    /** The slot's first position: changes that commit at or after it are read from the slot. */
    public String consistentPoint() {
        return info.getConsistentPoint().asString();
    }

    @Override
    public void close() {
        LogicalSource.close(connection);
    }
}

package io.drkit.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest.SnapshotRef;
import io.drkit.core.manifest.Manifest.SourceIdentity;

/**
 * The coordinator of a consistent point: a REPEATABLE READ transaction that exports its snapshot and
 * holds ACCESS SHARE locks on every table, so no table can be dropped or rewritten while workers copy
 * it. The snapshot lives exactly as long as this object stays open.
 */
public final class ExportedSnapshot implements AutoCloseable {

    private final Connection connection;
    private final String id;
    private final Instant time;
    private final SnapshotRef ref;
    private final SourceIdentity source;
    private final JdbcUrl url;
    private final Duration lockTimeout;

    private ExportedSnapshot(Connection connection, String id, Instant time, SnapshotRef ref, SourceIdentity source,
            JdbcUrl url, Duration lockTimeout) {
        this.url = url;
        this.lockTimeout = lockTimeout;
        this.connection = connection;
        this.id = id;
        this.time = time;
        this.ref = ref;
        this.source = source;
    }

    public static ExportedSnapshot export(JdbcUrl url, Duration lockTimeout) {
        return open(url, lockTimeout, null, null);
    }

    /**
     * Takes up a snapshot another session exported (a replication slot's, at its consistent point) and
     * exports it again for the workers: the point is then exactly where the slot's changes begin.
     *
     * @param lsn the slot's consistent point, which becomes the point's WAL position
     */
    public static ExportedSnapshot adopt(JdbcUrl url, Duration lockTimeout, String snapshotName, String lsn) {
        return open(url, lockTimeout, snapshotName, lsn);
    }

    private static ExportedSnapshot open(JdbcUrl url, Duration lockTimeout, String imported, String lsn) {
        Connection c = PgConnections.open(url, "source");
        try {
            SourceIdentity source = SourceIdentityReader.read(c);
            SessionSettings.applyCanonicalOutput(c);
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            if (imported != null) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(imported));
                }
            }
            String position = lsn != null ? Identifiers.literal(lsn) + "::pg_lsn"
                    : "CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END";
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(), now(), "
                            + "txid_snapshot_xmin(txid_current_snapshot())::text, "
                            + "txid_snapshot_xmax(txid_current_snapshot())::text, " + position + "::text")) {
                rs.next();
                return new ExportedSnapshot(c, rs.getString(1), rs.getTimestamp(2).toInstant(),
                        new SnapshotRef(rs.getString(3), rs.getString(4), rs.getString(5)), source, url, lockTimeout);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw DrkitException.failed("cannot export a snapshot of the source: " + JdbcUrl.redact(e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Locks every table the point will copy, inside the snapshot's transaction. */
    public void lock(List<SourceTable> tables) {
        int pid;
        try {
            pid = LockWaitWatch.backendPid(connection);
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the source session's process id: " + JdbcUrl.redact(e.getMessage()), e);
        }
        try (LockWaitWatch watch = LockWaitWatch.start(url, pid, "backup", "the backup goes on when it is released, "
                + "or stops after " + lockTimeout.toSeconds() + " s (drkit.backup.lock-timeout)", System.err::println)) {
            for (SourceTable t : tables) {
                try (Statement s = connection.createStatement()) {
                    s.execute("LOCK TABLE ONLY " + t.qualified() + " IN ACCESS SHARE MODE");
                } catch (SQLException e) {
                    throw TableTrouble.explain(t.label(), e);
                }
            }
        }
    }

    public Connection connection() {
        return connection;
    }

    public String id() {
        return id;
    }

    public Instant time() {
        return time;
    }

    public SnapshotRef ref() {
        return ref;
    }

    public SourceIdentity source() {
        return source;
    }

    public boolean alive() {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is going away either way
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to add to the failure being reported
        }
    }
}

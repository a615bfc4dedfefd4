package io.drkit.core.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.drkit.core.config.ThisHost;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;

/**
 * One run at a time across every host that shares the catalog: a PostgreSQL session advisory lock
 * held on a dedicated connection for as long as the run lasts. The server releases it when that
 * connection dies, so a killed run never blocks the next one.
 */
public final class CatalogLock implements AutoCloseable {

    /** Advisory locks have a two-int key space; drkit's locks live under this first int. */
    private static final int DRKIT_LOCK_SPACE = 0x64726b74; // "drkt"

    private final Connection connection;
    private final String name;

    private CatalogLock(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    /**
     * @param lock what is locked, for example {@code backup s3://bucket/prefix/}
     * @param command the command line to show to whoever finds the lock taken
     * @throws DrkitException with exit code 5 naming the holder when another run holds it
     */
    public static CatalogLock acquire(JdbcUrl catalog, LockName lock, String command) {
        String name = lock.name();
        // A connection of its own, not from the pool: a pooled connection would outlive the run
        // and keep the session lock with it.
        Connection c = PgConnections.open(catalog, "catalog");
        try {
            boolean got;
            try (PreparedStatement q = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                q.setInt(1, DRKIT_LOCK_SPACE);
                q.setString(2, name);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    got = rs.getBoolean(1);
                }
            }
            if (!got) {
                String holder = describeHolder(c, name);
                c.close();
                throw DrkitException.locked("another run holds the lock on " + name + holder);
            }
            try (PreparedStatement up = c.prepareStatement("""
                    INSERT INTO drkit_lock_holder (lock_name, host, pid, command, since) VALUES (?, ?, ?, ?, now())
                    ON CONFLICT (lock_name) DO UPDATE
                    SET host = excluded.host, pid = excluded.pid, command = excluded.command, since = excluded.since
                    """)) {
                up.setString(1, name);
                up.setString(2, ThisHost.name());
                up.setLong(3, ProcessHandle.current().pid());
                up.setString(4, command);
                up.executeUpdate();
            }
            return new CatalogLock(c, name);
        } catch (SQLException e) {
            closeQuietly(c);
            throw DrkitException.failed("cannot take the lock on " + name + " in the catalog: " + e.getMessage(), e);
        }
    }

    private static String describeHolder(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT host, pid, command, since FROM drkit_lock_holder WHERE lock_name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                Instant since = rs.getTimestamp(4).toInstant().truncatedTo(ChronoUnit.SECONDS);
                return ": pid " + rs.getLong(2) + " on " + rs.getString(1) + " since " + since
                        + " (" + rs.getString(3) + ")";
            }
        }
    }

    @Override
    public void close() {
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM drkit_lock_holder WHERE lock_name = ?");
                PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            del.setString(1, name);
            del.executeUpdate();
            unlock.setInt(1, DRKIT_LOCK_SPACE);
            unlock.setString(2, name);
            unlock.execute();
        } catch (SQLException e) {
            // Closing the connection below releases the advisory lock anyway.
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}

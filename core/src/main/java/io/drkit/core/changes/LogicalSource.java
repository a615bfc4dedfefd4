package io.drkit.core.changes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SessionSettings;

/**
 * What change capture asks of the source, checked before anything is created there, each with the
 * setting to change when it is missing: {@code wal_level=logical}, a free replication slot, and a
 * user allowed to replicate.
 */
public final class LogicalSource {

    private LogicalSource() {}

    /** @throws DrkitException (usage) naming what to set on the source */
    public static void require(Connection c) {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('wal_level'), "
                        + "current_setting('max_replication_slots')::int, "
                        + "(SELECT count(*) FROM pg_replication_slots), "
                        + "(SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user)")) {
            rs.next();
            String walLevel = rs.getString(1);
            if (!"logical".equals(walLevel)) {
                throw DrkitException.usage("incremental backups read the source's changes through logical decoding, "
                        + "but the source runs with wal_level=" + walLevel + ". Set it and restart PostgreSQL: "
                        + "ALTER SYSTEM SET wal_level = 'logical'; (and max_replication_slots and max_wal_senders "
                        + "of at least 4), or turn incremental backups off (drkit.incremental.enabled=false)");
            }
            if (rs.getInt(3) + 2 > rs.getInt(2)) {
                throw DrkitException.usage("the source has no room for drkit's replication slots: "
                        + rs.getInt(3) + " of max_replication_slots=" + rs.getInt(2) + " are taken, and a chain "
                        + "needs two while a full backup replaces it. Raise max_replication_slots (restart needed)");
            }
            if (!rs.getBoolean(4)) {
                throw DrkitException.usage("the source user may not read changes: incremental backups need a user "
                        + "with the REPLICATION attribute (ALTER ROLE <user> REPLICATION) and SELECT on the tables");
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot check the source's replication settings: "
                    + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    /** Whether the source runs with {@code wal_level=logical}, as change capture needs. */
    public static boolean logical(JdbcUrl source) {
        try (Connection c = PgConnections.open(source, "source"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('wal_level')")) {
            rs.next();
            return "logical".equals(rs.getString(1));
        } catch (SQLException e) {
            throw PgConnections.cannotConnect(source, "source", e);
        }
    }

    /** A replication connection with the output settings every drkit reading uses. */
    public static Connection replication(JdbcUrl source) {
        Connection c;
        try {
            c = PgConnections.openReplication(source, "source");
        } catch (DrkitException e) {
            throw DrkitException.usage(e.getMessage() + ". A replication connection needs a pg_hba.conf entry "
                    + "for the 'replication' pseudo-database (or 'all') of this user and host, besides the usual one",
                    e);
        }
        try {
            SessionSettings.applyCanonicalOutput(c);
            return c;
        } catch (SQLException e) {
            close(c);
            throw DrkitException.failed("cannot set up the replication connection: " + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the slot and the snapshot do not depend on a clean goodbye
        }
    }
}

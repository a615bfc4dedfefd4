package io.drkit.standby;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;

/**
 * The standby's server seen from its maintenance database ({@code postgres}): the database beside the
 * standby that a new chain is restored into, the swap by rename, and the read-only switch.
 */
final class StandbyDatabases {

    /** PostgreSQL's longest identifier, in bytes. */
    private static final int NAME_LIMIT = 63;

    private final JdbcUrl standby;
    private final JdbcUrl admin;

    StandbyDatabases(JdbcUrl standby) {
        this.standby = standby;
        this.admin = standby.withDatabase("postgres");
    }

    /** The database a new chain is restored into, beside the standby. */
    JdbcUrl next() {
        return standby.withDatabase(beside("_drkit_next"));
    }

    private String beside(String suffix) {
        String name = standby.database();
        return (name.length() + suffix.length() > NAME_LIMIT ? name.substring(0, NAME_LIMIT - suffix.length()) : name)
                + suffix;
    }

    /** Creates the standby's database, empty, when its server has none of that name (as a restore's target). */
    void createIfMissing() {
        try (Connection c = PgConnections.open(admin, "standby server"); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = "
                    + Identifiers.literal(standby.database()))) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + Identifiers.quote(standby.database()));
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot create the standby database " + standby.database() + " on "
                    + admin.redacted() + ": " + e.getMessage(), e);
        }
    }

    /** A new, empty database beside the standby; one a killed rebuild left is dropped first. */
    JdbcUrl freshNext() {
        String next = next().database();
        run("DROP DATABASE IF EXISTS " + Identifiers.quote(next) + " WITH (FORCE)",
                "CREATE DATABASE " + Identifiers.quote(next));
        return next();
    }

    /**
     * New sessions of {@code database} are read-only; sessions already open keep their setting. The
     * follower's own sessions turn it off for themselves.
     */
    void readOnly(JdbcUrl database, boolean on) {
        run("ALTER DATABASE " + Identifiers.quote(database.database())
                + (on ? " SET default_transaction_read_only = on" : " RESET default_transaction_read_only"));
    }

    /**
     * Puts the rebuilt database in the standby's place in one transaction, so that the standby's
     * name exists at every moment. A rename needs the database to itself: the sessions on both are
     * terminated first (applications connected to the standby must reconnect, as after a restart). A
     * session that connects in between makes the rename fail; the swap is tried again. A session
     * that connects while the renames wait for their commit is refused once with "it seems to have
     * just been dropped or renamed" and finds the new database when it reconnects.
     */
    void swapInNext() {
        String name = standby.database();
        String old = beside("_drkit_old");
        String next = next().database();
        run("DROP DATABASE IF EXISTS " + Identifiers.quote(old) + " WITH (FORCE)");
        SQLException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection c = PgConnections.open(admin, "standby server")) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    terminate(s, name);
                    terminate(s, next);
                    s.execute("ALTER DATABASE " + Identifiers.quote(name) + " RENAME TO " + Identifiers.quote(old));
                    s.execute("ALTER DATABASE " + Identifiers.quote(next) + " RENAME TO " + Identifiers.quote(name));
                    c.commit();
                    last = null;
                    break;
                } catch (SQLException e) {
                    c.rollback();
                    last = e;
                }
            } catch (SQLException e) {
                last = e;
            }
            sleep(100L * (attempt + 1));
        }
        if (last != null) {
            throw DrkitException.failed("cannot put the rebuilt standby " + next + " in the place of " + name + ": "
                    + last.getMessage(), last);
        }
        run("DROP DATABASE IF EXISTS " + Identifiers.quote(old) + " WITH (FORCE)");
    }

    /** The database a failover drill promotes: a copy of the standby, never the standby itself. */
    JdbcUrl failoverCopy() {
        return standby.withDatabase(beside("_drkit_failover"));
    }

    /**
     * Copies the standby as a template. A template must have no other sessions: those on the standby
     * are terminated (readers reconnect, as at a swap); one that connects in between makes the copy
     * fail, and it is tried again. The copy does not inherit the standby's read-only setting.
     */
    JdbcUrl copyForFailover() {
        String copy = failoverCopy().database();
        run("DROP DATABASE IF EXISTS " + Identifiers.quote(copy) + " WITH (FORCE)");
        SQLException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection c = PgConnections.open(admin, "standby server"); Statement s = c.createStatement()) {
                terminate(s, standby.database());
                s.execute("CREATE DATABASE " + Identifiers.quote(copy) + " TEMPLATE " + Identifiers.quote(standby.database())
                        + fileCopy(c));
                return failoverCopy();
            } catch (SQLException e) {
                last = e;
            }
            sleep(100L * (attempt + 1));
        }
        throw DrkitException.failed("cannot copy the standby " + standby.database() + " for the failover drill: "
                + last.getMessage(), last);
    }

    /**
     * From PostgreSQL 15 a template copy writes every block through the WAL unless told to copy the files:
     * at a standby's size the files (a checkpoint, then a copy at disk speed) are several times quicker.
     */
    private static String fileCopy(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion() >= 15 ? " STRATEGY FILE_COPY" : "";
    }

    void drop(JdbcUrl database) {
        run("DROP DATABASE IF EXISTS " + Identifiers.quote(database.database()) + " WITH (FORCE)");
    }

    private static void terminate(Statement s, String database) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                + Identifiers.literal(database) + " AND pid <> pg_backend_pid()")) {
            rs.next();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DrkitException.failed("interrupted while swapping the standby", e);
        }
    }

    private void run(String... statements) {
        try (Connection c = PgConnections.open(admin, "standby server"); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw DrkitException.failed("on the standby's server " + admin.redacted() + ": " + e.getMessage(), e);
        }
    }
}

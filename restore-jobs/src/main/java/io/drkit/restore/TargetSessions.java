package io.drkit.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.PgConnections;

/** Connections to the target, set up for bulk loading. */
final class TargetSessions {

    private TargetSessions() {}

    /**
     * {@code synchronous_commit = off}: a crash of the target server may lose the last commits, but
     * each part commits with its ledger record, so a lost commit is a part loaded again, never twice.
     */
    static Connection open(ActiveRestore r) throws SQLException {
        Connection c = PgConnections.open(r.target().url(), "target");
        try (Statement s = c.createStatement()) {
            if (r.settings().asyncCommit()) {
                s.execute("SET synchronous_commit = off");
            }
            // privileges, applied before a staged restore serves, may give the database read-only sessions
            s.execute("SET default_transaction_read_only = off");
            s.execute("SET maintenance_work_mem = " + Identifiers.literal(r.settings().maintenanceWorkMem()));
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}

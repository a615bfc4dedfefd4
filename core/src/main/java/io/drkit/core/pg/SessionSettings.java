package io.drkit.core.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Settings that fix how COPY renders values, so that a table's text (and its content digest) is the
 * same whether it is read at backup time or read back after a restore on another server, and that
 * read every row whatever the database sets for its applications.
 */
public final class SessionSettings {

    private SessionSettings() {}

    public static void applyCanonicalOutput(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, MDY'");
            s.execute("SET IntervalStyle = 'postgres'");
            s.execute("SET extra_float_digits = 3");
            s.execute("SET bytea_output = 'hex'");
            s.execute("SET client_encoding = 'UTF8'");
            // a stalled object store must not leave a transaction blocking vacuum forever unnoticed
            s.execute("SET idle_in_transaction_session_timeout = 0");
            // a timeout the database sets for its applications (ALTER DATABASE ... SET) must not cut a long COPY
            s.execute("SET statement_timeout = 0");
            // rows a row-level security policy hides must fail the read, never vanish from it (as pg_dump does)
            s.execute("SET row_security = off");
        }
    }
}

package io.drkit.cli.check;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;

/** What the checks of every server share: a connection that fails with words, and the role's attributes. */
final class ServerChecks {

    private ServerChecks() {}

    /** The role's attributes as the server has them. */
    record Role(String name, boolean superuser, boolean createDb, boolean replication, boolean readAllData) {}

    /** A connection that fails fast: a pre-flight waits seconds on a dead host, not minutes. */
    static Connection connect(JdbcUrl url, String role) throws SQLException {
        Properties props = new Properties();
        props.setProperty("ApplicationName", "drkit check");
        props.setProperty("logServerErrorDetail", "false");
        if (!url.parameters().containsKey("connectTimeout")) {
            props.setProperty("connectTimeout", "5");
        }
        return DriverManager.getConnection(url.url(), props);
    }

    /** The reason a connection failed, in drkit's usual words (never the password). */
    static String whyNot(JdbcUrl url, String role, SQLException e) {
        return PgConnections.cannotConnect(url, role, e).getMessage();
    }

    static Role role(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT r.rolname, r.rolsuper, r.rolcreatedb, r.rolreplication,
                       EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'pg_read_all_data'
                               AND pg_has_role(r.oid, g.oid, 'USAGE'))
                FROM pg_roles r WHERE r.rolname = current_user""")) {
            rs.next();
            return new Role(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5));
        }
    }

    static String version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1).split(" ")[0];
        }
    }

    /** The major version: 15 for 15.4, 9.6 for 9.6.24. */
    static int major(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        }
    }

    /** At most this many names in a line; the rest are counted. */
    static String some(List<String> names) {
        int shown = Math.min(names.size(), 5);
        return String.join(", ", names.subList(0, shown)) + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
    }
}

package io.drkit.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.drkit.core.pg.JdbcUrl;

/**
 * Roles for one test on the shared server, where roles are cluster-wide: each name carries a random
 * prefix, so no two tests (or people) share one, and {@link #close()} drops exactly the roles named
 * here (whoever created them: the test, or a restore under test), after dropping what they own and
 * what was granted to them in the databases that still hold any. Never a role it did not name.
 */
public final class TestRoles implements AutoCloseable {

    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    private final Set<String> names = new LinkedHashSet<>();

    /** The unique name of the test's role {@code role}; it is dropped by {@link #close()}. */
    public String name(String role) {
        String name = prefix + "_" + role;
        names.add(name);
        return name;
    }

    /** Drops the roles named here that exist, with what they own and were granted in any database. */
    public void drop() {
        JdbcUrl admin = PostgresService.get().adminUrl();
        try (Connection c = DriverManager.getConnection(admin.url())) {
            List<String> existing = existing(c);
            if (existing.isEmpty()) {
                return;
            }
            String list = String.join(", ", existing.stream().map(TestRoles::quote).toList());
            for (String database : databasesReferring(c, existing)) {
                try (Connection d = DriverManager.getConnection(admin.withDatabase(database).url());
                        Statement s = d.createStatement()) {
                    // the database is the test's too: what depends on what the roles own goes with it
                    s.execute("DROP OWNED BY " + list + " CASCADE");
                }
            }
            try (Statement s = c.createStatement()) {
                for (String role : existing) {
                    s.execute("DROP ROLE IF EXISTS " + quote(role));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dropping the test's roles " + names + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        drop();
    }

    private List<String> existing(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT rolname FROM pg_roles WHERE rolname = ANY (?::text[])")) {
            q.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    private static List<String> databasesReferring(Connection c, List<String> roles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT DISTINCT d.datname FROM pg_shdepend s JOIN pg_database d ON d.oid = s.dbid
                JOIN pg_roles r ON r.oid = s.refobjid AND s.refclassid = 'pg_authid'::regclass
                WHERE r.rolname = ANY (?::text[]) AND d.datallowconn
                """)) {
            q.setArray(1, c.createArrayOf("text", roles.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}

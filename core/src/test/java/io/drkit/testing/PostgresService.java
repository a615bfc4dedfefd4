package io.drkit.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.drkit.pg.JdbcUrl;

/**
 * The PostgreSQL server the tests share: the local server on 127.0.0.1:5432 when one answers.
 * One server per JVM; each test gets a database of its own.
 */
public final class PostgresService {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static PostgresService instance;

    private final JdbcUrl adminUrl;

    private PostgresService(JdbcUrl adminUrl) {
        this.adminUrl = adminUrl;
    }

    public static synchronized PostgresService get() {
        if (instance == null) {
            instance = new PostgresService(JdbcUrl.parse(LOCAL));
        }
        return instance;
    }

    /** The maintenance database of the server ({@code DRKIT_SCRATCH_URL} in tests). */
    public JdbcUrl adminUrl() {
        return adminUrl;
    }

    public TestDatabase createDatabase(String hint) {
        String name = ("t_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        if (name.length() > 60) {
            name = name.substring(0, 51) + name.substring(name.length() - 9);
        }
        execute("CREATE DATABASE " + name);
        return new TestDatabase(name, adminUrl.withDatabase(name));
    }

    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl.url()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }
}

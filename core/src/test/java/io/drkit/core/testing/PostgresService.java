package io.drkit.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.UUID;

import io.drkit.core.pg.JdbcUrl;

/**
 * The PostgreSQL servers the tests share, one per JVM; each test gets a database of its own. In
 * order of preference: {@code DRKIT_TEST_PG_URL}; a container under the {@code containers} profile;
 * the local server on 127.0.0.1:5432; an embedded server when none answers. A test class that
 * captures changes ({@link ChangeCapture}) gets the first of these that runs with
 * {@code wal_level=logical}, and an embedded server (which always does) when none of them does. The
 * embedded server is a {@link FallbackServer} found on the test classpath (tracking's test-jar).
 */
public final class PostgresService {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static PostgresService instance;
    private static PostgresService changeCapture;
    private static PostgresService embedded;

    private final JdbcUrl adminUrl;
    private final String kind;

    private PostgresService(JdbcUrl adminUrl, String kind) {
        this.adminUrl = adminUrl;
        this.kind = kind;
    }

    public static synchronized PostgresService get() {
        if (instance == null) {
            instance = locate();
        }
        return instance;
    }

    /** The server for a test class marked {@link ChangeCapture}: {@link #get()} when it is fit, else embedded. */
    public static synchronized PostgresService forChangeCapture() {
        if (changeCapture == null) {
            PostgresService usual = get();
            changeCapture = usual.logicalDecoding() ? usual : embedded();
        }
        return changeCapture;
    }

    /** The server a test class asks for: {@link #forChangeCapture()} when it is marked so, else {@link #get()}. */
    public static PostgresService forTestClass(Class<?> testClass) {
        return testClass.isAnnotationPresent(ChangeCapture.class) ? forChangeCapture() : get();
    }

    private static PostgresService locate() {
        String configured = System.getenv("DRKIT_TEST_PG_URL");
        if (configured != null && !configured.isBlank()) {
            return new PostgresService(JdbcUrl.parse(configured), "configured");
        }
        if (ContainerServices.enabled()) {
            return new PostgresService(ContainerServices.postgres(), "container");
        }
        JdbcUrl local = JdbcUrl.parse(LOCAL);
        if (ServerProbe.reachable(local, Duration.ofSeconds(3))) {
            return new PostgresService(local, "local");
        }
        return embedded();
    }

    private static synchronized PostgresService embedded() {
        if (embedded == null) {
            FallbackServer fallback = ServiceLoader.load(FallbackServer.class).findFirst().orElseThrow(
                    () -> new IllegalStateException("no PostgreSQL for the tests: none answers with what this test"
                            + " needs, and no embedded server is on the test classpath (drkit-tracking's test-jar)"));
            try {
                Path dir = Files.createTempDirectory("drkit-test-pg");
                embedded = new PostgresService(fallback.start(dir), "embedded");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("no PostgreSQL for the tests: " + e.getMessage(), e);
            }
        }
        return embedded;
    }

    /** The maintenance database of the server ({@code DRKIT_SCRATCH_URL} in tests). */
    public JdbcUrl adminUrl() {
        return adminUrl;
    }

    /** {@code configured}, {@code container}, {@code local} or {@code embedded}. */
    public String kind() {
        return kind;
    }

    /** Whether the server can do change capture (wal_level=logical). */
    public boolean logicalDecoding() {
        return "logical".equals(query("SHOW wal_level"));
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
        // a logical slot keeps its database from being dropped, even with FORCE
        String literal = "'" + name.replace("'", "''") + "'";
        execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = " + literal
                + " AND active_pid IS NOT NULL");
        for (int attempt = 0; ; attempt++) {
            try {
                execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = "
                        + literal + " AND NOT temporary");
                break;
            } catch (IllegalStateException stillActive) {
                if (attempt == 50) {
                    throw stillActive;
                }
                try {
                    Thread.sleep(100); // the terminated reader is still letting go of its slot
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw stillActive;
                }
            }
        }
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public boolean databaseExists(String name) {
        return "1".equals(query("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'"));
    }

    private String query(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl.url()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }
}

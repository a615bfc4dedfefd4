package io.drkit.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import io.drkit.core.pg.JdbcUrl;

/** Whether a PostgreSQL server answers at a URL: how the demo and the tests pick their server. */
public final class ServerProbe {

    private ServerProbe() {}

    public static boolean reachable(JdbcUrl url, Duration timeout) {
        Properties props = new Properties();
        props.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        props.setProperty("loginTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        try (Connection c = DriverManager.getConnection(url.url(), props)) {
            return c.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }
}

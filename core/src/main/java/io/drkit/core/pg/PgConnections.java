package io.drkit.core.pg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;

import io.drkit.core.batch.StopSignal;
import io.drkit.core.error.DrkitException;

/**
 * Opens connections with drkit's defaults and turns the failures an operator meets (server down,
 * wrong database, bad password) into one clear line that names the database by its role.
 */
public final class PgConnections {

    /**
     * Connections opened here and not yet collected. A stop that the work in hand did not honour in
     * time closes them under it (a COPY from a source gone silent waits forever otherwise); the
     * catalog's pool is not among them, so the run is still recorded.
     */
    private static final Set<Connection> OPEN = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    static {
        StopSignal.whenForced(PgConnections::abortAll);
    }

    private PgConnections() {}

    private static void abortAll() {
        List<Connection> open;
        synchronized (OPEN) {
            open = new ArrayList<>(OPEN);
        }
        for (Connection c : open) {
            try {
                if (!c.isClosed()) {
                    c.abort(Runnable::run);
                }
            } catch (SQLException | RuntimeException ignored) {
                // closing the others matters more
            }
        }
    }

    /**
     * @param role what the database is to drkit ("source", "scratch", "catalog"), used in messages
     */
    public static Connection open(JdbcUrl url, String role) {
        return connect(url, role, defaults(url));
    }

    /**
     * A logical replication connection ({@code replication=database}): it speaks the replication
     * commands and plain SQL, over the simple query protocol only.
     */
    public static Connection openReplication(JdbcUrl url, String role) {
        Properties props = defaults(url);
        props.setProperty("replication", "database");
        props.setProperty("assumeMinServerVersion", "10");
        props.setProperty("preferQueryMode", "simple");
        return connect(url, role, props);
    }

    private static Properties defaults(JdbcUrl url) {
        Properties props = new Properties();
        props.setProperty("ApplicationName", "drkit");
        // The server's DETAIL of an error can quote row values ("Key (phone)=(...) already exists");
        // those are personal data and must not reach logs, reports or messages.
        props.setProperty("logServerErrorDetail", "false");
        // A dead host should fail a cron job in seconds, not hang it on the OS TCP timeout.
        if (!url.parameters().containsKey("connectTimeout")) {
            props.setProperty("connectTimeout", "10");
        }
        // ...nor on a host that takes the connection and never answers the login
        if (!url.parameters().containsKey("loginTimeout")) {
            props.setProperty("loginTimeout", "30");
        }
        return props;
    }

    private static Connection connect(JdbcUrl url, String role, Properties props) {
        try {
            Connection c = DriverManager.getConnection(url.url(), props);
            OPEN.add(c);
            return c;
        } catch (SQLException e) {
            throw cannotConnect(url, role, e);
        }
    }

    public static DrkitException cannotConnect(JdbcUrl url, String role, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String network = networkReason(url, e);
        String reason = network != null ? "the server is not reachable: " + network : switch (state) {
            case "3D000" -> "the database does not exist";
            case "28P01", "28000" -> "authentication failed (check the user and password)";
            case "08001", "08004", "08006" -> "the server is not reachable (" + firstLine(e.getMessage()) + ")";
            default -> firstLine(e.getMessage());
        };
        return DrkitException.usage("cannot connect to the " + role + " database " + url.redacted() + ": " + reason, e);
    }

    /**
     * A host that cannot be reached, said as such: pgjdbc reports a connection closed or timed out
     * during its SSL request as an SSL error, which sends an operator looking at certificates.
     */
    private static String networkReason(JdbcUrl url, SQLException e) {
        String where = url.host() + ":" + url.port();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return null; // a real SSL problem: its own message says which
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "no answer from " + where + " in time (connect or login timeout): check the host, the port and "
                        + "the firewall";
            }
            if (t instanceof java.net.ConnectException) {
                return "nothing listens at " + where + " (connection refused): check the host and port, and that the "
                        + "server runs";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + url.host() + ": check the host name";
            }
            if (t instanceof java.net.NoRouteToHostException) {
                return "no route to " + where + ": check the host and the network";
            }
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if ("08P01".equals(e.getSQLState()) && (message.contains("setting up the SSL connection")
                || message.contains("Session setup failed"))) {
            return where + " closed the connection before answering as PostgreSQL: it is not a PostgreSQL server, or a "
                    + "firewall or proxy on the way cuts the connection; check the host, the port and the network";
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return JdbcUrl.redact(nl < 0 ? message : message.substring(0, nl));
    }
}

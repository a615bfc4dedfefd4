package io.drkit.core.pg;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.postgresql.Driver;
import org.postgresql.PGProperty;

import io.drkit.core.error.DrkitException;

/**
 * A PostgreSQL JDBC URL, checked on the way in. Its {@link #toString()} is the redacted form, so a URL
 * that reaches a log line or an error message never carries a password.
 *
 * <p>Wherever drkit takes a JDBC URL it also takes libpq's URI ({@code postgresql://user:password@host:port/db},
 * or {@code postgres://}), as psql and pg_dump do; it becomes the equivalent JDBC URL. Either is then read by
 * pgjdbc itself ({@link Driver#parseURL}), so drkit understands a URL exactly as the driver that connects
 * with it does. Without a password, pgjdbc (42.7+) takes it from {@code ~/.pgpass} (or {@code PGPASSFILE})
 * when it connects, as pg_dump does when drkit runs it.
 *
 * @param url the JDBC form, which is what connects
 * @param parameters the connection properties pgjdbc reads from it (user, password, sslmode...)
 */
public record JdbcUrl(String url, String host, int port, String database, Map<String, String> parameters) {

    private static final String PREFIX = "jdbc:postgresql://";
    private static final Pattern SECRET = Pattern.compile("(?i)(password|sslpassword)=(?!\\*\\*\\*)[^&;\\s]*");
    /** libpq's parameter names where pgjdbc's differ; the others (sslmode, sslrootcert...) are the same. */
    private static final Map<String, String> LIBPQ_NAMES = Map.of("connect_timeout", "connectTimeout",
            "application_name", "ApplicationName");
    /** What pgjdbc puts in its properties besides the URL's own: where, not how. */
    private static final Set<String> LOCATION = Set.of(PGProperty.PG_HOST.getName(), PGProperty.PG_PORT.getName(),
            PGProperty.PG_DBNAME.getName());

    public static JdbcUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw DrkitException.usage("no JDBC URL given");
        }
        String jdbc = url.startsWith("postgresql://") || url.startsWith("postgres://") ? fromLibpq(url) : url;
        if (!jdbc.startsWith(PREFIX)) {
            throw DrkitException.usage("not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database, or "
                    + "postgresql://user@host:port/database): " + redact(url));
        }
        Properties read = Driver.parseURL(jdbc, null);
        if (read == null) {
            throw DrkitException.usage("malformed JDBC URL: " + redact(url));
        }
        String host = PGProperty.PG_HOST.getOrDefault(read);
        String ports = PGProperty.PG_PORT.getOrDefault(read);
        String database = PGProperty.PG_DBNAME.getOrDefault(read);
        if (host == null || host.isBlank() || jdbc.startsWith(PREFIX + "/") || jdbc.startsWith(PREFIX + ":")) {
            throw DrkitException.usage("JDBC URL has no host: " + redact(url));
        }
        if (host.contains(",")) {
            throw DrkitException.usage("JDBC URL names several hosts (" + host + "); drkit needs the one server: "
                    + redact(url));
        }
        if (database == null || database.isEmpty() || database.contains("/")) {
            throw DrkitException.usage("JDBC URL names no database: " + redact(url));
        }
        int port;
        try {
            port = Integer.parseInt(ports);
        } catch (NumberFormatException e) {
            throw DrkitException.usage("JDBC URL has a port that is not a number: " + redact(url));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : read.stringPropertyNames()) {
            if (!LOCATION.contains(name)) {
                parameters.put(name, read.getProperty(name));
            }
        }
        return new JdbcUrl(jdbc, host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host,
                port, database, Map.copyOf(parameters));
    }

    /**
     * libpq's URI as the JDBC URL that means the same: the user and password of its authority become
     * parameters, the query is kept (with libpq's names for what pgjdbc names otherwise).
     */
    private static String fromLibpq(String given) {
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException e) {
            throw DrkitException.usage("malformed PostgreSQL URI: " + redact(given));
        }
        if (uri.getHost() == null) {
            // a socket directory or no host at all: drkit connects over TCP only
            throw DrkitException.usage("PostgreSQL URI has no host (drkit connects over TCP): " + redact(given));
        }
        StringBuilder jdbc = new StringBuilder(PREFIX).append(uri.getRawAuthority().replaceFirst("^.*@", ""))
                .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        List<String> query = new ArrayList<>();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            query.add("user=" + (colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                query.add("password=" + userInfo.substring(colon + 1));
            }
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                query.add(LIBPQ_NAMES.getOrDefault(name, name) + (eq < 0 ? "" : pair.substring(eq)));
            }
        }
        if (!query.isEmpty()) {
            jdbc.append('?').append(String.join("&", query));
        }
        return jdbc.toString();
    }

    /**
     * The same server, another database: how scratch and catalog databases are reached. Only the path
     * changes, so a password that {@code ~/.pgpass} holds for that database is the one looked up.
     */
    public JdbcUrl withDatabase(String name) {
        String rest = url.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        int query = rest.indexOf('?');
        String hostPart = rest.substring(0, slash);
        String tail = query < 0 ? "" : rest.substring(query);
        return parse(PREFIX + hostPart + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + tail);
    }

    public String user() {
        return parameters.getOrDefault("user", System.getProperty("user.name"));
    }

    public String redacted() {
        return redact(url);
    }

    @Override
    public String toString() {
        return redacted();
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String noQuerySecrets = SECRET.matcher(text).replaceAll("$1=***");
        // user:password@host forms
        return noQuerySecrets.replaceAll("(//[^/:@]+):[^@/]*@", "$1:***@");
    }
}

package io.drkit.pg;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.drkit.error.DrkitException;

/**
 * A PostgreSQL JDBC URL, checked on the way in. Its {@link #toString()} is the redacted form, so a URL
 * that reaches a log line or an error message never carries a password.
 */
public record JdbcUrl(String url, String host, int port, String database, Map<String, String> parameters) {

    private static final String PREFIX = "jdbc:postgresql://";
    private static final Pattern SECRET = Pattern.compile("(?i)(password|sslpassword)=(?!\\*\\*\\*)[^&;\\s]*");

    public static JdbcUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw DrkitException.usage("no JDBC URL given");
        }
        if (!url.startsWith(PREFIX)) {
            throw DrkitException.usage("not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database): "
                    + redact(url));
        }
        try {
            URI uri = new URI("postgresql://" + url.substring(PREFIX.length()));
            if (uri.getHost() == null) {
                throw DrkitException.usage("JDBC URL has no host: " + redact(url));
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            String database = path.startsWith("/") ? path.substring(1) : path;
            if (database.isEmpty() || database.contains("/")) {
                throw DrkitException.usage("JDBC URL names no database: " + redact(url));
            }
            return new JdbcUrl(url, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                    URLDecoder.decode(database, StandardCharsets.UTF_8), query(uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw DrkitException.usage("malformed JDBC URL: " + redact(url));
        }
    }

    /** The same server, another database: how scratch and catalog databases are reached. */
    public JdbcUrl withDatabase(String name) {
        String rest = url.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        int query = rest.indexOf('?');
        String hostPart = rest.substring(0, slash);
        String tail = query < 0 ? "" : rest.substring(query);
        return parse(PREFIX + hostPart + "/" + name + tail);
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

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}

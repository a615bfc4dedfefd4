package io.drkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.FileTrouble;

/**
 * The one configuration file of a run: {@code --config FILE}, else the file {@code DRKIT_CONFIG}
 * names. A {@code .yml}, {@code .yaml} or {@code .properties} file is Spring Boot configuration
 * (business checks, any {@code drkit.*} setting); any other is an environment file of
 * {@code DRKIT_*=value} lines, as {@code /etc/drkit/drkit.env} and systemd's EnvironmentFile take.
 * Real environment variables win over the file, as they do over {@code application.yml}.
 */
public record ConfigFile(Path path, Kind kind) {

    /** Where {@code DrkitApplication} leaves the file for the daemon's jobs and the rendered schedules. */
    static final String PROPERTY = "drkit.config-file";

    public enum Kind { SPRING, ENV }

    /** {@code --config} first, then {@code DRKIT_CONFIG}; a named file that is not there is a usage error. */
    static Optional<ConfigFile> of(String[] args, Map<String, String> env) {
        String given = argument(args);
        String origin = "--config " + given;
        if (given == null) {
            given = env.get("DRKIT_CONFIG");
            origin = "DRKIT_CONFIG=" + given;
        }
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(given).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw DrkitException.usage(origin + ": no such file");
        }
        if (!Files.isReadable(path)) {
            throw DrkitException.usage(origin + ": not readable by this user (" + System.getProperty("user.name") + ")");
        }
        return Optional.of(new ConfigFile(path, kindOf(path)));
    }

    /** The file this run reads, as {@code DrkitApplication} found it. */
    public static Optional<ConfigFile> current() {
        String p = System.getProperty(PROPERTY);
        return p == null || p.isBlank() ? Optional.empty() : Optional.of(new ConfigFile(Path.of(p), kindOf(Path.of(p))));
    }

    static Kind kindOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties") ? Kind.SPRING : Kind.ENV;
    }

    static String argument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
        }
        return null;
    }

    /** Spring's location of a Spring file; empty for an environment file, which is a property source instead. */
    String springLocation() {
        return kind == Kind.SPRING ? "file:" + path : "";
    }

    /**
     * An environment file's variables, named as environment variables are, so that both the
     * placeholders of {@code application.yml} ({@code ${DRKIT_SOURCE_URL}}) and relaxed names
     * ({@code DRKIT_BACKUP_PARALLELISM}) resolve from it.
     */
    PropertySource<?> environmentSource() {
        // Boot maps DRKIT_X_Y names onto drkit.x.y only for sources whose name ends so
        return new SystemEnvironmentPropertySource("drkitConfigFile-systemEnvironment", new LinkedHashMap<>(variables()));
    }

    private static final Pattern LINE = Pattern.compile("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

    /** The {@code NAME=value} lines: comments and blank lines skipped, one level of quotes taken off. */
    Map<String, Object> variables() {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DrkitException.usage("cannot read the configuration file " + path + ": " + FileTrouble.reason(e), e);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw DrkitException.usage(path + " line " + (i + 1) + " is not NAME=value (an environment file;"
                        + " name the file .yml for Spring Boot configuration)");
            }
            vars.put(m.group(1), unquote(m.group(2).strip()));
        }
        return vars;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            String inner = value.substring(1, value.length() - 1);
            return value.startsWith("\"") ? inner.replace("\\\"", "\"").replace("\\\\", "\\") : inner;
        }
        return value;
    }
}

package io.drkit.config;

import java.nio.file.Path;

import org.springframework.stereotype.Component;

import io.drkit.error.DrkitException;
import io.drkit.pg.JdbcUrl;

/**
 * The configuration in force for this run: {@link DrkitProperties} as bound, except where a command
 * supplies a value itself (the demo points everything at its embedded server). Everything that needs
 * a URL asks here, so a missing setting is reported the same way everywhere.
 */
@Component
public class RuntimeSettings {

    private final DrkitProperties properties;
    private volatile JdbcUrl source;
    private volatile JdbcUrl scratch;
    private volatile String repository;
    private volatile Path reportsDirectory;
    private volatile boolean incrementalsOn;

    public RuntimeSettings(DrkitProperties properties) {
        this.properties = properties;
    }

    public DrkitProperties properties() {
        return properties;
    }

    public JdbcUrl sourceUrl() {
        if (source != null) {
            return source;
        }
        return JdbcUrl.parse(required(properties.sourceUrl(), "DRKIT_SOURCE_URL", "the database to back up"));
    }

    public JdbcUrl scratchUrl() {
        if (scratch != null) {
            return scratch;
        }
        return JdbcUrl.parse(required(properties.scratchUrl(), "DRKIT_SCRATCH_URL",
                "a maintenance database on the server where scratch databases are created"));
    }

    /** drkit's own database; by default a {@code drkit} database on the scratch server. */
    public JdbcUrl catalogUrl() {
        if (blank(properties.catalogUrl()) || scratch != null) {
            if (scratch == null && blank(properties.scratchUrl())) {
                throw DrkitException.usage("DRKIT_CATALOG_URL is not set, nor DRKIT_SCRATCH_URL to derive it from"
                        + " (drkit keeps its job history in a 'drkit' database on the scratch server by default)");
            }
            return scratchUrl().withDatabase("drkit");
        }
        return JdbcUrl.parse(properties.catalogUrl());
    }

    public String repository() {
        return repository != null ? repository
                : required(properties.repository(), "DRKIT_REPOSITORY", "s3://bucket/prefix or file:///absolute/dir");
    }

    public String s3Endpoint() {
        return blank(properties.s3Endpoint()) ? null : properties.s3Endpoint();
    }

    public Path encryptionKeyFile() {
        Path file = properties.encryptionKeyFile();
        return file == null || file.toString().isBlank() ? null : file;
    }

    /** Where the local copies of reports go. */
    public Path reportsDirectory() {
        return reportsDirectory != null ? reportsDirectory : properties.reports().directory();
    }

    public void useReportsDirectory(Path directory) {
        this.reportsDirectory = directory;
    }

    /** Incremental backups as configured, or turned on by a command (the demo) for this run. */
    public DrkitProperties.Incremental incremental() {
        DrkitProperties.Incremental configured = properties.incremental();
        return incrementalsOn ? configured.enabledForRun() : configured;
    }

    public void useIncrementals() {
        this.incrementalsOn = true;
    }

    public void useSource(JdbcUrl url) {
        this.source = url;
    }

    public void useScratch(JdbcUrl url) {
        this.scratch = url;
    }

    public void useRepository(String uri) {
        this.repository = uri;
    }

    private static String required(String value, String variable, String meaning) {
        if (blank(value)) {
            throw DrkitException.usage(variable + " is not set (" + meaning + ")");
        }
        return value;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

package io.drkit.core.config;

import java.nio.file.Path;

import org.springframework.stereotype.Component;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;

/**
 * The configuration in force for this run, read from {@link DrkitProperties} as bound: everything that
 * needs a URL asks here, so a missing setting is reported the same way everywhere. It is never written:
 * a command that needs other settings (the demo) builds its services over settings of its own.
 */
@Component
public class RuntimeSettings {

    private final DrkitProperties properties;

    public RuntimeSettings(DrkitProperties properties) {
        this.properties = properties;
    }

    public DrkitProperties properties() {
        return properties;
    }

    public JdbcUrl sourceUrl() {
        return JdbcUrl.parse(required(properties.sourceUrl(), "DRKIT_SOURCE_URL", "the database to back up"));
    }

    public JdbcUrl scratchUrl() {
        return JdbcUrl.parse(required(properties.scratchUrl(), "DRKIT_SCRATCH_URL",
                "a maintenance database on the server where scratch databases are created"));
    }

    /** drkit's own database; by default a {@code drkit} database on the scratch server. */
    public JdbcUrl catalogUrl() {
        if (blank(properties.catalogUrl())) {
            if (blank(properties.scratchUrl())) {
                throw DrkitException.usage("DRKIT_CATALOG_URL is not set, nor DRKIT_SCRATCH_URL to derive it from"
                        + " (drkit keeps its job history in a 'drkit' database on the scratch server by default)");
            }
            return scratchUrl().withDatabase("drkit");
        }
        return JdbcUrl.parse(properties.catalogUrl());
    }

    public String repository() {
        return required(properties.repository(), "DRKIT_REPOSITORY", "s3://bucket/prefix or file:///absolute/dir");
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
        return properties.reports().directory();
    }

    public DrkitProperties.Incremental incremental() {
        return properties.incremental();
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

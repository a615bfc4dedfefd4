package io.drkit.cli.tracking;

import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.pg.JdbcUrl;
import picocli.CommandLine.Option;

/** {@code --url}: the tracking database, by default the configured source ({@code DRKIT_SOURCE_URL}). */
public class TrackingDatabaseOption {

    @Option(names = "--url", paramLabel = "JDBC",
            description = "JDBC URL of the tracking database (default: DRKIT_SOURCE_URL).")
    String url;

    JdbcUrl resolve(RuntimeSettings settings) {
        return url != null ? JdbcUrl.parse(url) : settings.sourceUrl();
    }
}

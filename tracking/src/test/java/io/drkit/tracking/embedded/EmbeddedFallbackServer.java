package io.drkit.tracking.embedded;

import java.nio.file.Path;

import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.testing.FallbackServer;

/** The embedded server as the test harness's fallback (listed in {@code META-INF/services}). */
public final class EmbeddedFallbackServer implements FallbackServer {

    @Override
    public JdbcUrl start(Path dir) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, true);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        return server.adminUrl();
    }
}

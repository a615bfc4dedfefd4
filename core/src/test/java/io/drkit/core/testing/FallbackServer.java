package io.drkit.core.testing;

import java.nio.file.Path;

import io.drkit.core.pg.JdbcUrl;

/**
 * A PostgreSQL server the harness starts itself when no other answers, or when a {@link ChangeCapture}
 * class needs {@code wal_level=logical} and the usual server is not set up so. Found with
 * {@link java.util.ServiceLoader}, so that core carries no server binaries: tracking's test-jar provides
 * the embedded one, and every module but core has it on its test classpath.
 */
public interface FallbackServer {

    /** Starts a server with logical decoding under {@code dir}, stopped when the JVM exits; returns its maintenance database. */
    JdbcUrl start(Path dir);
}

/**
 * PostgreSQL access: connections, JDBC URLs, exported snapshots, table lists, pg_dump, sequences,
 * fingerprints, COPY text.
 * May use batch, digest, error and manifest.
 * Not @NullMarked: snapshot and dump options are passed as null when not wanted.
 */
package io.drkit.core.pg;

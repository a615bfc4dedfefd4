package io.drkit.core.changes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.progress.Progress;

/**
 * Reads a chain's slot from one position to another: every transaction that committed in
 * {@code [from, to)}, and nothing after it. Reading does not move the slot; {@link #confirm} does, once
 * what was read is safely stored, so a reader killed at any moment leaves the changes in the slot for
 * the next one.
 */
public final class ChangeReader implements AutoCloseable {

    private final Connection connection;
    private final PGReplicationStream stream;
    private final String slot;

    private ChangeReader(Connection connection, PGReplicationStream stream, String slot) {
        this.connection = connection;
        this.stream = stream;
        this.slot = slot;
    }

    public static ChangeReader open(JdbcUrl source, String slot, String publication, String from) {
        Connection c = LogicalSource.replication(source);
        try {
            PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot)
                    .withStartPosition(LogSequenceNumber.valueOf(from))
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", publication)
                    .withStatusInterval(10, TimeUnit.SECONDS)
                    // the slot moves only when drkit says so, after the point is committed
                    .withAutomaticFlush(false)
                    .start();
            return new ChangeReader(c, stream, slot);
        } catch (SQLException e) {
            LogicalSource.close(c);
            String message = JdbcUrl.redact(e.getMessage());
            if ("55006".equals(e.getSQLState())) {
                throw DrkitException.locked("the replication slot " + slot + " is being read by another session ("
                        + message + ")");
            }
            throw DrkitException.failed("cannot read the replication slot " + slot + ": " + message, e);
        }
    }

    /**
     * Delivers every transaction that committed before {@code to} to the sink.
     *
     * @param timeout how long the source may stay silent before the read is given up
     * @param progress advanced by the WAL bytes read past, out of {@code to - from}
     * @return transactions delivered
     */
    public long read(String from, String to, ChangeSink sink, Duration timeout, Progress progress) {
        long start = LogSequenceNumber.valueOf(from).asLong();
        long end = LogSequenceNumber.valueOf(to).asLong();
        PgOutputDecoder decoder = new PgOutputDecoder(sink);
        long transactions = 0;
        long reported = start;
        boolean skipping = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                ByteBuffer m = stream.readPending();
                if (m == null) {
                    // the source's keepalives carry how far it has read: past the end with no transaction open, all is here
                    if (decoder.openTransaction() == null && !skipping && stream.getLastReceiveLSN().asLong() >= end) {
                        progress.advance(end - reported);
                        return transactions;
                    }
                    if (System.nanoTime() > deadline) {
                        throw DrkitException.failed("the source sent nothing for " + timeout.toSeconds()
                                + " s while drkit read the changes of slot " + slot + " up to " + to, null);
                    }
                    // a short nap: a longer one, taken whenever the socket is momentarily empty, adds up
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                    if (Thread.interrupted()) {
                        throw DrkitException.failed("interrupted while reading the replication slot " + slot, null);
                    }
                    continue;
                }
                deadline = System.nanoTime() + timeout.toNanos();
                LogSequenceNumber begin = decoder.peekBegin(m);
                if (begin != null && begin.asLong() >= end) {
                    progress.advance(end - reported);
                    return transactions;
                }
                if (begin != null && begin.asLong() > reported) {
                    progress.advance(begin.asLong() - reported);
                    reported = begin.asLong();
                    progress.status(transactions + " transactions");
                }
                if (begin != null) {
                    // the parent point holds what committed before its end; the server skips it too
                    skipping = begin.asLong() < start;
                }
                boolean ending = m.get(m.position()) == 'C';
                if (!skipping || m.get(m.position()) == 'R') {
                    decoder.decode(m);
                    if (ending && !skipping) {
                        transactions++;
                    }
                }
                if (ending) {
                    skipping = false;
                }
            }
        } catch (SQLException e) {
            throw DrkitException.failed("reading the replication slot " + slot + " failed: " + JdbcUrl.redact(e.getMessage()), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Tells the source that everything before {@code lsn} is stored: the slot may let that WAL go. */
    public void confirm(String lsn) {
        try {
            LogSequenceNumber position = LogSequenceNumber.valueOf(lsn);
            stream.setFlushedLSN(position);
            stream.setAppliedLSN(position);
            stream.forceUpdateStatus();
        } catch (SQLException e) {
            throw DrkitException.failed("the point is stored, but the slot " + slot + " could not be moved past it ("
                    + JdbcUrl.redact(e.getMessage()) + "); the next incremental reads from the point's end all the same", e);
        }
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (SQLException ignored) {
            // the connection goes next
        }
        LogicalSource.close(connection);
    }
}

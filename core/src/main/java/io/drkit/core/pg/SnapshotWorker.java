package io.drkit.core.pg;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;

import io.drkit.core.error.DrkitException;

/** A connection that sees the coordinator's snapshot and copies table ranges out of it. */
public final class SnapshotWorker implements AutoCloseable {

    private final Connection connection;

    private SnapshotWorker(Connection connection) {
        this.connection = connection;
    }

    /** @throws SnapshotGoneException when the coordinator's transaction has ended */
    public static SnapshotWorker join(JdbcUrl url, String snapshotId) {
        Connection c = PgConnections.open(url, "source");
        try {
            SessionSettings.applyCanonicalOutput(c);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(snapshotId));
            }
            return new SnapshotWorker(c);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // reported below
            }
            if ("22023".equals(e.getSQLState())) {
                throw new SnapshotGoneException(snapshotId);
            }
            throw DrkitException.failed("cannot join the backup's snapshot: " + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    /**
     * Streams the table's rows in COPY text. A page range reads only the heap pages
     * {@code [firstPage, endPage)} (a TID range scan); {@code endPage < 0} means to the end of the table.
     *
     * @return bytes of COPY text written
     */
    public long copy(SourceTable table, long firstPage, long endPage, OutputStream out) {
        String columns = Identifiers.quoteAll(table.columns());
        String sql;
        if (firstPage <= 0 && endPage < 0) {
            sql = "COPY " + table.qualified() + " (" + columns + ") TO STDOUT";
        } else {
            String where = "ctid >= '(" + firstPage + ",0)'::tid" + (endPage < 0 ? "" : " AND ctid < '(" + endPage + ",0)'::tid");
            sql = "COPY (SELECT " + columns + " FROM ONLY " + table.qualified() + " WHERE " + where + ") TO STDOUT";
        }
        return copyOut(table, sql, out);
    }

    /**
     * Like {@link #copy}, each row led by its tier: {@code t} and a tab where {@code (hotWhere) IS TRUE},
     * {@code f} and a tab otherwise (false or null), so one read of the pages splits the rows.
     */
    public long copyTiered(SourceTable table, long firstPage, long endPage, String hotWhere, OutputStream out) {
        String columns = Identifiers.quoteAll(table.columns());
        String range = firstPage <= 0 && endPage < 0 ? ""
                : " WHERE ctid >= '(" + firstPage + ",0)'::tid" + (endPage < 0 ? "" : " AND ctid < '(" + endPage + ",0)'::tid");
        String sql = "COPY (SELECT (" + hotWhere + ") IS TRUE, " + columns + " FROM ONLY " + table.qualified() + range
                + ") TO STDOUT";
        return copyOut(table, sql, out);
    }

    private long copyOut(SourceTable table, String sql, OutputStream out) {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        } catch (SQLException e) {
            throw TableTrouble.explain(table.label(), e);
        } catch (IOException e) {
            throw new StreamFailure(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException ignored) {
            // read-only transaction: nothing to lose
        }
    }

    /** The output side of a copy failed (object store, disk): not the source's fault. */
    public static final class StreamFailure extends RuntimeException {
        public StreamFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}

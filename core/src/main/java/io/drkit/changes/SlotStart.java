package io.drkit.changes;

import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.replication.ReplicationSlotInfo;

import io.drkit.error.DrkitException;
import io.drkit.pg.JdbcUrl;

/**
 * A logical slot just created, with the snapshot the source exported at its consistent point: a
 * transaction that imports the snapshot sees exactly the transactions that committed before the
 * slot's first change. The snapshot can be imported only while this object is open (the
 * replication connection must stay idle), so it is closed as soon as the snapshot is taken up.
 */
public final class SlotStart implements AutoCloseable {

    private final Connection connection;
    private final ReplicationSlotInfo info;

    private SlotStart(Connection connection, ReplicationSlotInfo info) {
        this.connection = connection;
        this.info = info;
    }

    /** @param temporary a slot that lives only as long as this object: for the aligned snapshot of an incremental */
    public static SlotStart create(JdbcUrl source, String slot, boolean temporary) {
        Connection c = LogicalSource.replication(source);
        try {
            var builder = c.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName(slot).withOutputPlugin("pgoutput");
            if (temporary) {
                builder = builder.withTemporaryOption();
            }
            return new SlotStart(c, builder.make());
        } catch (SQLException e) {
            LogicalSource.close(c);
            throw DrkitException.failed("cannot create the replication slot " + slot + " on the source: "
                    + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    public String slot() {
        return info.getSlotName();
    }

    public String snapshotName() {
        return info.getSnapshotName();
    }

    /** The slot's first position: changes that commit at or after it are read from the slot. */
    public String consistentPoint() {
        return info.getConsistentPoint().asString();
    }

    @Override
    public void close() {
        LogicalSource.close(connection);
    }
}

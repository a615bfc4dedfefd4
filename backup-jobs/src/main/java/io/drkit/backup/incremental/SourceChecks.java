package io.drkit.backup.incremental;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

import io.drkit.core.changes.ChangePublication;
import io.drkit.core.changes.ChangeSlots;
import io.drkit.core.changes.ChangeSlots.SlotState;
import io.drkit.core.changes.LogicalSource;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SourceTable;
import io.drkit.core.pg.TableLister;

/** What the source must still be for a chain to go on, checked before anything is read or stored. */
final class SourceChecks {

    private SourceChecks() {}

    /**
     * The source must still hold the chain's slot, publish every table of the chain, and have no table
     * the chain does not know: otherwise the point would not describe the database.
     */
    static void canContinue(JdbcUrl source, Manifest parent, DrkitProperties.Backup backup) {
        String slot = parent.changes().slot();
        try (Connection c = PgConnections.open(source, "source")) {
            LogicalSource.require(c);
            SlotState state = ChangeSlots.state(c, slot).orElse(null);
            if (state == null || state.lost()) {
                throw DrkitException.failed("the replication slot " + slot + " of the chain is " + (state == null ? "gone (dropped on the source)"
                        : "lost (the source removed WAL it needed, past max_slot_wal_keep_size)")
                        + ": the changes since point " + parent.pointId() + " cannot be read. The next full backup "
                        + "starts a new chain", null);
            }
            Set<String> chainTables = new TreeSet<>(parent.tables().stream().map(t -> t.schema() + "." + t.name()).toList());
            Set<String> unpublished = new TreeSet<>(chainTables);
            unpublished.removeAll(ChangePublication.tables(c, parent.changes().publication()));
            if (!unpublished.isEmpty()) {
                throw DrkitException.usage("incremental backups cannot capture " + String.join(", ", unpublished)
                        + ": without a primary key or a replica identity index, an update or delete does not say "
                        + "which row it changed. Add a primary key (or ALTER TABLE ... REPLICA IDENTITY USING INDEX), "
                        + "or exclude the table (drkit.backup.exclude), then take a full backup");
            }
            Set<String> now = new TreeSet<>(TableLister.list(c, backup.schemas(), backup.include(), backup.exclude())
                    .stream().map(SourceTable::label).toList());
            if (!now.equals(chainTables)) {
                Set<String> added = new TreeSet<>(now);
                added.removeAll(chainTables);
                Set<String> gone = new TreeSet<>(chainTables);
                gone.removeAll(now);
                throw DrkitException.failed("the source's tables changed since the chain's full point (slot " + slot + ")"
                        + (added.isEmpty() ? "" : "; new: " + String.join(", ", added))
                        + (gone.isEmpty() ? "" : "; gone: " + String.join(", ", gone))
                        + ": take a full backup to start a new chain", null);
            }
        } catch (SQLException e) {
            throw PgConnections.cannotConnect(source, "source", e);
        }
    }
}

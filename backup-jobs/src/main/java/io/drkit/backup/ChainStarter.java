package io.drkit.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.drkit.core.changes.ChangePublication;
import io.drkit.core.changes.ChangeSlots;
import io.drkit.core.changes.LogicalSource;
import io.drkit.core.changes.SlotStart;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.ExportedSnapshot;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SourceTable;
import io.drkit.core.pg.TableLister;
import io.drkit.core.pg.TableTrouble;
import io.drkit.core.repository.RepositoryIdentity;

/**
 * Starts a chain at a full point: publishes the tables, creates the chain's slot, and takes up the
 * snapshot the slot exported, so that the full point holds every transaction that committed before
 * the slot's first change and no other. No change falls between a full point and its first
 * incremental, and none is in both.
 */
final class ChainStarter {

    /** @param published labels of the tables listed for the publication, to check the snapshot's tables against */
    record Started(ExportedSnapshot snapshot, Manifest.Changes changes, List<String> published) {}

    private ChainStarter() {}

    static Started start(JdbcUrl source, RepositoryIdentity repository, PointId pointId, DrkitProperties.Backup settings) {
        String publication = ChangeSlots.repositoryTag(repository);
        List<SourceTable> tables;
        try (Connection c = PgConnections.open(source, "source")) {
            LogicalSource.require(c);
            try {
                tables = TableLister.list(c, settings.schemas(), settings.include(), settings.exclude());
            } catch (SQLException e) {
                throw TableTrouble.explain("(one of the source's tables)", e);
            }
            // a table without a row identity stays out; the incrementals of the chain name it and refuse
            ChangePublication.publish(c, publication, tables);
        } catch (SQLException e) {
            throw PgConnections.cannotConnect(source, "source", e);
        }
        String slot = ChangeSlots.slotName(repository, pointId);
        try (SlotStart start = SlotStart.create(source, slot, false, settings.lockTimeout())) {
            ExportedSnapshot snapshot = ExportedSnapshot.adopt(source, settings.lockTimeout(), start.snapshotName(),
                    start.consistentPoint());
            return new Started(snapshot, new Manifest.Changes(slot, publication, null, start.consistentPoint(), 0,
                    List.of()), tables.stream().map(SourceTable::label).toList());
        } catch (RuntimeException e) {
            drop(source, slot);
            throw e;
        }
    }

    /** A slot without its full point holds WAL for nothing. */
    static void drop(JdbcUrl source, String slot) {
        try (Connection c = PgConnections.open(source, "source")) {
            ChangeSlots.drop(c, slot);
        } catch (SQLException | RuntimeException ignored) {
            // the next full backup removes slots that belong to no point
        }
    }
}

package io.drkit.cli.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.progress.Sizes;

/**
 * drkit's replication slots on the source: only the newest chain's (with incrementals on) belongs
 * there. Any other slot of the repository keeps WAL the source can never recycle until it fills its
 * disk, whether drkit left it behind (killed before it could drop it) or could not drop it (being read).
 */
final class SlotCheck {

    static final String TARGET = "slots";
    private static final String CHECK = "no leftover drkit_* replication slots";

    private SlotCheck() {}

    /** @param newestFull the newest full point, whose chain's slot is the one in use (with incrementals on) */
    static Finding run(Connection c, RepositoryIdentity repository, boolean incrementals, Optional<Manifest> newestFull)
            throws SQLException {
        String current = incrementals && newestFull.isPresent() && newestFull.get().changes() != null
                ? newestFull.get().changes().slot() : null;
        List<String> leftovers = new ArrayList<>();
        long held = 0;
        boolean active = false;
        // every kind of slot, on every database: a physical drkit_* slot holds WAL just the same
        try (PreparedStatement q = c.prepareStatement("""
                SELECT slot_name, active, COALESCE(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery()
                       THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, restart_lsn), 0)::bigint
                FROM pg_replication_slots WHERE (starts_with(slot_name, ?) OR starts_with(slot_name, ?)) AND NOT temporary
                ORDER BY slot_name""")) {
            // both tags: a chain started before the repository had one identity may carry the other
            q.setString(1, repository.slotTags().get(0) + "_");
            q.setString(2, repository.slotTags().get(1) + "_");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(current)) {
                        leftovers.add(rs.getString(1) + (rs.getBoolean(2) ? " (in use)" : ""));
                        held += rs.getLong(3);
                        active |= rs.getBoolean(2);
                    }
                }
            }
        }
        if (leftovers.isEmpty()) {
            return Finding.ok(TARGET, CHECK, current == null ? "none of this repository's"
                    : "only the chain's own, " + current);
        }
        return Finding.problem(TARGET, CHECK, leftovers.size() + " slot(s) of this repository that no chain uses hold "
                + Sizes.human(held) + " of WAL on the source: " + ServerChecks.some(leftovers),
                (active ? "stop what reads them, then " : "") + "run `drkit init --reset-slot` (drops every slot of the"
                        + " repository; the next full backup starts a new chain), or SELECT pg_drop_replication_slot(name)"
                        + " for each");
    }
}

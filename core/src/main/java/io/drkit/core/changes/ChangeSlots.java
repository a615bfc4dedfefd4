package io.drkit.core.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.repository.RepositoryIdentity;

/**
 * drkit's replication slots on a source. Each chain has its own slot, named after the repository and
 * the full point that started it ({@code drkit_<repository hash>_<point>}), so that a slot left by a
 * full backup that died is told apart from the slot of the chain in use, and two repositories of one
 * source never share one.
 */
public final class ChangeSlots {

    private ChangeSlots() {}

    /** {@code drkit_<8 hex digits of the repository's SHA-256>}: also the chain's publication. */
    public static String repositoryTag(RepositoryIdentity repository) {
        return repository.slotTag();
    }

    /** The slot a new chain starting at {@code pointId} gets; a chain's own slot is in its full point's manifest. */
    public static String slotName(RepositoryIdentity repository, PointId pointId) {
        return repositoryTag(repository) + "_" + pointId.value().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * A slot as the source sees it.
     *
     * @param retainedBytes WAL the slot keeps the source from recycling
     * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost} (the
     *     source dropped WAL the slot needed, past {@code max_slot_wal_keep_size})
     */
    public record SlotState(String name, boolean active, String restartLsn, String confirmedFlushLsn,
            long retainedBytes, String walStatus) {

        public boolean lost() {
            return "lost".equals(walStatus);
        }
    }

    public static Optional<SlotState> state(Connection c, String slot) {
        List<SlotState> found = query(c, "slot_name = ?", slot);
        return found.stream().findFirst();
    }

    /** drkit's slots of one repository on this source, under any of its tags (see {@link RepositoryIdentity#slotTags()}). */
    public static List<SlotState> ofRepository(Connection c, RepositoryIdentity repository) {
        List<SlotState> found = new ArrayList<>();
        for (String tag : repository.slotTags()) {
            found.addAll(query(c, "starts_with(slot_name, ?)", tag + "_"));
        }
        return found;
    }

    private static List<SlotState> query(Connection c, String where, String value) {
        try (PreparedStatement s = c.prepareStatement("SELECT slot_name, active, restart_lsn::text, "
                + "confirmed_flush_lsn::text, COALESCE(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() "
                + "THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, restart_lsn), 0)::bigint, wal_status "
                + "FROM pg_replication_slots WHERE slot_type = 'logical' AND NOT temporary AND database = current_database() AND "
                + where + " ORDER BY slot_name")) {
            s.setString(1, value);
            List<SlotState> slots = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    slots.add(new SlotState(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getString(6)));
                }
            }
            return slots;
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the source's replication slots: " + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    /**
     * Drops the repository's slots but those kept; one being read stays, as dropping it would cut its reader off.
     *
     * @return the slots dropped
     */
    public static List<String> dropOfRepository(Connection c, RepositoryIdentity repository, java.util.Set<String> keep) {
        List<String> dropped = new ArrayList<>();
        for (SlotState s : ofRepository(c, repository)) {
            if (!keep.contains(s.name()) && !s.active()) {
                drop(c, s.name());
                dropped.add(s.name());
            }
        }
        return dropped;
    }

    /** Drops a slot; a slot another session is reading is an error, since dropping it would cut that reader off. */
    public static void drop(Connection c, String slot) {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
                + "FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            s.execute();
        } catch (SQLException e) {
            throw DrkitException.failed("cannot drop the replication slot " + slot + " (" + JdbcUrl.redact(e.getMessage())
                    + "); it keeps the source's WAL until it is dropped: " + dropAdvice(c, slot), e);
        }
    }

    /** How an operator drops a slot drkit could not: the command, and the grant that lets drkit do it next time. */
    public static String dropAdvice(Connection c, String slot) {
        String role = "the backup role";
        try (PreparedStatement s = c.prepareStatement("SELECT current_user"); ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                role = rs.getString(1);
            }
        } catch (SQLException ignored) {
            // the advice names the role in words then
        }
        return "run SELECT pg_drop_replication_slot('" + slot + "') on the source as a superuser, or give " + role
                + " the right (ALTER ROLE " + role + " REPLICATION) and run the backup again";
    }
}

package io.drkit.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.drkit.core.changes.ChangePublication;
import io.drkit.core.changes.ChangeSlots;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.repository.RepositoryIdentity;

/**
 * Removes the repository's slots that no chain reads any more: those of full backups that died, and
 * those of chains a newer full point replaced. A slot nobody reads keeps the source's WAL forever,
 * so one that cannot be removed is said, never passed over.
 */
final class ChainSlots {

    private ChainSlots() {}

    /**
     * @param dropped the slots dropped
     * @param failures one line for each slot (or the publication) that could not be dropped, with its fix
     */
    record Cleanup(List<String> dropped, List<String> failures) {}

    /**
     * @param keep slots still in use
     * @param keepPublication the publication of the chain in use, or null when incrementals were
     *     turned off: the repository's other publications go
     */
    static Cleanup dropAllBut(JdbcUrl source, RepositoryIdentity repository, Set<String> keep, String keepPublication) {
        List<String> dropped = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (Connection c = PgConnections.open(source, "source")) {
            for (ChangeSlots.SlotState s : ChangeSlots.ofRepository(c, repository)) {
                // one being read stays, as dropping it would cut its reader off
                if (keep.contains(s.name()) || s.active()) {
                    continue;
                }
                try {
                    ChangeSlots.drop(c, s.name());
                    dropped.add(s.name());
                } catch (DrkitException e) {
                    failures.add(e.getMessage());
                }
            }
            // a source that never had a chain (or a standby, which cannot write) is left as it is; a
            // publication under the repository's other tag is one a chain before its one identity left
            for (String publication : repository.slotTags()) {
                boolean dropIt = keepPublication == null || !publication.equals(keepPublication);
                if (dropIt && ChangePublication.exists(c, publication)) {
                    try {
                        ChangePublication.drop(c, publication);
                    } catch (DrkitException e) {
                        failures.add(e.getMessage() + ": run DROP PUBLICATION " + publication + " on the source as its owner");
                    }
                }
            }
        } catch (SQLException e) {
            throw PgConnections.cannotConnect(source, "source", e);
        }
        return new Cleanup(dropped, failures);
    }
}

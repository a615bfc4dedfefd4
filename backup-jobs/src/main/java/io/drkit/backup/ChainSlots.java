package io.drkit.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import io.drkit.changes.ChangePublication;
import io.drkit.changes.ChangeSlots;
import io.drkit.pg.JdbcUrl;
import io.drkit.pg.PgConnections;

/**
 * Removes the repository's slots that no chain reads any more: those of full backups that died, and
 * those of chains a newer full point replaced. A slot nobody reads keeps the source's WAL forever.
 */
final class ChainSlots {

    private ChainSlots() {}

    /**
     * @param keep slots still in use
     * @param dropPublication also drop the repository's publication (incrementals were turned off)
     * @return the slots dropped
     */
    static List<String> dropAllBut(JdbcUrl source, String repositoryUri, Set<String> keep, boolean dropPublication) {
        List<String> dropped;
        try (Connection c = PgConnections.open(source, "source")) {
            dropped = ChangeSlots.dropOfRepository(c, repositoryUri, keep);
            // a source that never had a chain (or a standby, which cannot write) is left as it is
            if (dropPublication && ChangePublication.exists(c, ChangeSlots.repositoryTag(repositoryUri))) {
                ChangePublication.drop(c, ChangeSlots.repositoryTag(repositoryUri));
            }
        } catch (SQLException e) {
            throw PgConnections.cannotConnect(source, "source", e);
        }
        return dropped;
    }
}

package io.drkit.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.drkit.core.config.DrkitProperties;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.manifest.Tier;
import io.drkit.core.pg.SourceTable;

/**
 * Decides each table's tier from {@code drkit.tiers.hot}, inside the point's snapshot, before any part
 * is copied: an entry that names no table, or whose predicate PostgreSQL refuses on a table it names,
 * stops the backup at its start (exit 2) naming the entry. A partitioned table's entry applies to each
 * of its partitions, each split by the predicate (a partition wholly inside or outside it gets an empty
 * cold or hot part; its pages are read once either way).
 */
final class TierPlanner {

    private TierPlanner() {}

    /** @return each table's rule by label; empty when no tiers are configured */
    static Map<String, TierRule> plan(Connection snapshot, List<SourceTable> tables, DrkitProperties.Tiers tiers) {
        Map<String, TierRule> rules = new LinkedHashMap<>();
        if (!tiers.configured()) {
            return rules;
        }
        List<DrkitProperties.HotEntry> hot = tiers.hot();
        boolean[] used = new boolean[hot.size()];
        for (SourceTable t : tables) {
            TierRule rule = null;
            for (int i = 0; i < hot.size(); i++) {
                if (matches(hot.get(i).table(), t)) {
                    used[i] = true;
                    String where = hot.get(i).predicate();
                    if (where != null) {
                        check(snapshot, t, where, i, hot.get(i));
                    }
                    if (rule == null) {
                        rule = where == null ? TierRule.ALL_HOT : new TierRule(Tier.HOT, where);
                    }
                }
            }
            rules.put(t.label(), rule == null ? TierRule.ALL_COLD : rule);
        }
        for (int i = 0; i < hot.size(); i++) {
            if (!used[i]) {
                throw DrkitException.usage(entry(i) + " (table " + hot.get(i).table() + ") names no table the backup "
                        + "copies: give schema.table of a backed-up table (* matches any run of characters)");
            }
        }
        return rules;
    }

    private static boolean matches(String glob, SourceTable t) {
        Pattern p = Pattern.compile(Arrays.stream(glob.strip().split("\\*", -1)).map(Pattern::quote)
                .reduce((a, b) -> a + ".*" + b).orElse(""));
        return p.matcher(t.label()).matches() || (t.partitionRoot() != null && p.matcher(t.partitionRoot()).matches());
    }

    /**
     * Plans the predicate on the table without running it; a savepoint keeps the snapshot's transaction
     * alive when PostgreSQL refuses it.
     */
    private static void check(Connection snapshot, SourceTable t, String where, int i, DrkitProperties.HotEntry e) {
        Savepoint savepoint = null;
        try {
            savepoint = snapshot.setSavepoint();
            try (Statement s = snapshot.createStatement()) {
                s.execute("SELECT 1 FROM ONLY " + t.qualified() + " WHERE (" + where + ") IS TRUE LIMIT 0");
            }
            snapshot.releaseSavepoint(savepoint);
        } catch (SQLException ex) {
            if (savepoint != null) {
                try {
                    snapshot.rollback(savepoint);
                } catch (SQLException ignored) {
                    // the backup stops here anyway
                }
            }
            throw DrkitException.usage(entry(i) + ".where (table " + e.table()
                    + "): PostgreSQL refuses the predicate on " + t.label() + ": "
                    + JdbcUrl.redact(firstLine(ex.getMessage())));
        }
    }

    private static String entry(int i) {
        return "drkit.tiers.hot[" + i + "]";
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

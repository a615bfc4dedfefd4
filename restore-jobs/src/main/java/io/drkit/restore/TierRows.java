package io.drkit.restore;

import java.util.HashMap;
import java.util.Map;

import io.drkit.core.manifest.Manifest.PartEntry;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.manifest.Tier;

/**
 * The rows a staged restore loads into each table in each stage, by table label; a partitioned table
 * counts its restored partitions' rows.
 */
record TierRows(Map<String, Long> hot, Map<String, Long> cold) {

    static TierRows of(ActiveRestore r) {
        Map<String, Long> hot = new HashMap<>();
        Map<String, Long> cold = new HashMap<>();
        for (TableEntry t : r.restoredTables()) {
            for (PartEntry p : t.parts()) {
                Map<String, Long> into = p.tier() == Tier.HOT ? hot : cold;
                into.merge(ActiveRestore.label(t), p.rows(), Long::sum);
                if (t.partitionRoot() != null) {
                    into.merge(t.partitionRoot(), p.rows(), Long::sum);
                }
            }
        }
        return new TierRows(hot, cold);
    }

    /** Whether stage 1 loads rows into the table: it serves queries from then on. */
    boolean hasHot(String table) {
        return hot.getOrDefault(table, 0L) > 0;
    }

    /** Whether stage 2 loads rows into the table, while applications may write to it. */
    boolean hasCold(String table) {
        return cold.getOrDefault(table, 0L) > 0;
    }

}

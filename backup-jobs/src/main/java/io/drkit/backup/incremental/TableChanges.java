package io.drkit.backup.incremental;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.drkit.core.changes.Relation;

/**
 * What a point's changes did to one table, as far as its digest at the point needs to know. A table
 * whose changes only added rows gets its digest from the parent's plus the rows added (read by key);
 * one where a row that existed before was updated or deleted, or that was truncated, is read whole,
 * since the stream carries the new rows but not the old ones.
 */
final class TableChanges {

    /** Beyond this many rows added, reading the table whole is the cheaper way to its digest. */
    static final int MAX_KEYS = 200_000;

    private final List<Integer> keyColumns = new ArrayList<>();
    private final List<String> keyNames = new ArrayList<>();
    private final Set<List<String>> seen = new HashSet<>();
    private final Set<List<String>> added = new HashSet<>();
    /** Whether the added rows' keys are kept: a point without digests reads nothing by key. */
    private final boolean keyed;
    private boolean readWhole;
    private long rows;
    private boolean truncated;
    /** Rows inserted less rows deleted, since the last truncate. */
    private long netRows;

    TableChanges(Relation relation, boolean keyed) {
        this.keyed = keyed;
        for (int i = 0; i < relation.key().size(); i++) {
            if (relation.key().get(i)) {
                keyColumns.add(i);
                keyNames.add(relation.columns().get(i));
            }
        }
    }

    void row(char op, String[] values) {
        rows++;
        if (op == 'I') {
            netRows++;
        } else if (op == 'D') {
            netRows--;
        }
        if (readWhole || !keyed) {
            return;
        }
        List<String> key = new ArrayList<>(keyColumns.size());
        keyColumns.forEach(i -> key.add(values[i]));
        if (seen.add(key)) {
            if (op == 'I') {
                added.add(key);
            } else {
                wholeReadNeeded();
            }
        }
        if (seen.size() > MAX_KEYS) {
            wholeReadNeeded();
        }
    }

    void truncated() {
        rows++;
        truncated = true;
        netRows = 0;
        wholeReadNeeded();
    }

    private void wholeReadNeeded() {
        readWhole = true;
        seen.clear();
        added.clear();
    }

    boolean readWhole() {
        return readWhole;
    }

    /** Keys of the rows that did not exist before the point's changes began. */
    Set<List<String>> added() {
        return added;
    }

    List<String> keyNames() {
        return List.copyOf(keyNames);
    }

    /**
     * The table's rows at the point as the stream tells them: the parent's count (or none after a
     * truncate), plus the rows inserted, less those deleted. What a point without digests records.
     */
    long rowsAfter(long parentRows) {
        return (truncated ? 0 : parentRows) + netRows;
    }

    /** Change rows recorded. */
    long rows() {
        return rows;
    }
}

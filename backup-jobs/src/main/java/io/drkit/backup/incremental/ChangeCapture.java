package io.drkit.backup.incremental;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.drkit.core.changes.ChangeSink;
import io.drkit.core.changes.Relation;
import io.drkit.core.changes.Tuple;
import io.drkit.core.codec.Codec;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest.TableEntry;

/**
 * Where the slot's changes go: each table's into its spool, checked against the chain's idea of the
 * table (a change to a table's columns since the full point ends the chain: its parts could not be
 * applied to the full point's tables).
 */
final class ChangeCapture implements ChangeSink {

    /** A table's encoded changes kept in memory up to this size; past it they go to a spool file. */
    static final long SPOOL_IN_MEMORY = 1 << 20;
    /** All tables' encoded changes in memory together: past it, a table that grows spills instead. */
    static final long MEMORY_BUDGET = 16L << 20;

    private final Map<String, TableEntry> tables;
    private final Path spoolDirectory;
    private final Codec codec;
    private final DigestAlgorithm algorithm;
    private final Map<String, ChangeSpool> spools = new LinkedHashMap<>();
    private final Map<String, TableChanges> changes = new LinkedHashMap<>();
    private final Map<Relation, Target> checked = new IdentityHashMap<>();
    private final String slot;
    private final boolean digests;
    private final SpillingOutput.Budget budget = new SpillingOutput.Budget(MEMORY_BUDGET);

    /**
     * @param tables the chain's tables by label ({@code schema.table})
     * @param slot the chain's slot, which is named after its full point
     * @param algorithm the chain's digest algorithm, for the change parts' digests
     * @param digests whether the point records content digests, which need the keys of the rows added
     */
    ChangeCapture(Map<String, TableEntry> tables, String slot, Path spoolDirectory, Codec codec,
            DigestAlgorithm algorithm, boolean digests) {
        this.tables = tables;
        this.slot = slot;
        this.spoolDirectory = spoolDirectory;
        this.codec = codec;
        this.algorithm = algorithm;
        this.digests = digests;
    }

    @Override
    public void row(Relation table, String commitLsn, Instant committed, char op, Tuple tuple) throws IOException {
        Target t = target(table);
        t.spool().row(commitLsn, committed, op, tuple.unchanged(), tuple.values());
        t.changes().row(op, tuple.values());
    }

    @Override
    public void truncate(Relation table, String commitLsn, Instant committed) throws IOException {
        Target t = target(table);
        t.spool().row(commitLsn, committed, 'T', new BitSet(), new String[table.columns().size()]);
        t.changes().truncated();
    }

    @Override
    public void committed(String commitLsn, Instant committed) {
        // transactions are counted by the reader
    }

    /** Where a relation's changes go; the decoder keeps one Relation per definition, so each is checked once. */
    private record Target(ChangeSpool spool, TableChanges changes) {}

    private Target target(Relation r) throws IOException {
        Target known = checked.get(r);
        if (known != null) {
            return known;
        }
        TableEntry t = tables.get(r.label());
        if (t == null) {
            throw DrkitException.failed("the slot " + slot + " sent changes of " + r.label() + ", which is not among the "
                    + "tables of the chain's full point: take a full backup to start a new chain", null);
        }
        if (!t.columns().equals(r.columns())) {
            throw DrkitException.failed("the columns of " + r.label() + " changed since the chain's full point (slot "
                    + slot + "; then " + String.join(", ", t.columns()) + "; now " + String.join(", ", r.columns())
                    + "): take a full backup to start a new chain", null);
        }
        if (!spools.containsKey(r.label())) {
            spools.put(r.label(), new ChangeSpool(spoolDirectory.resolve(spools.size() + ".spool"), codec,
                    SPOOL_IN_MEMORY, budget, algorithm));
            changes.put(r.label(), new TableChanges(r, digests));
        }
        Target target = new Target(spools.get(r.label()), changes.get(r.label()));
        checked.put(r, target);
        return target;
    }

    /** Tables with changes, in the order they first changed. */
    List<String> changedTables() {
        return List.copyOf(spools.keySet());
    }

    ChangeSpool spool(String label) {
        return spools.get(label);
    }

    TableChanges changes(String label) {
        return changes.get(label);
    }

    void discard() {
        spools.values().forEach(ChangeSpool::discard);
    }
}

package io.drkit.core.changes;

import java.util.List;

/**
 * A table as pgoutput describes it before its first change in a session (and again after its
 * definition changes).
 *
 * @param columns the published columns, in the table's order (generated columns are not sent)
 * @param key whether each column is part of the row's identity (its primary key or replica identity index)
 */
public record Relation(int oid, String schema, String name, char replicaIdentity, List<String> columns,
        List<Boolean> key) {

    public String label() {
        return schema + "." + name;
    }
}

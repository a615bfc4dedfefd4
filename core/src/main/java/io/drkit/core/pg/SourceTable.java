package io.drkit.core.pg;

import java.util.List;

/**
 * A table whose rows a backup copies: a plain table or a leaf partition (a partitioned parent holds no
 * rows of its own, so its data is copied once, through its leaves).
 *
 * @param partitionRoot the top partitioned table this leaf belongs to, or null
 * @param columns the columns COPY reads, in order; generated columns are left out (restore computes them)
 * @param pages heap pages at planning time
 * @param bytes estimated size of the table's COPY text at planning time (see TableLister#withSizes)
 */
public record SourceTable(String schema, String name, String partitionRoot, List<String> columns, long pages,
        long bytes) {

    public String qualified() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    /** {@code schema.table}, the name of the table's folder in a point. */
    public String label() {
        return schema + "." + name;
    }
}

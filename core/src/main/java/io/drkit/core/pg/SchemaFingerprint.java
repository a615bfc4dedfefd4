package io.drkit.core.pg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.drkit.core.digest.Sha256;

/**
 * The shape of a database's tables, one SHA-256 per table: its kind, columns (name, type, not null,
 * default, identity, generated), constraints and indexes. Taken at backup time and again after a
 * restore, a difference names the table whose shape changed. Names and definitions only; no data.
 */
public final class SchemaFingerprint {

    private static final String DESCRIPTION = """
            WITH t AS (
                SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence,
                       pg_get_expr(c.relpartbound, c.oid) AS bound
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'f')
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drkit_restore')
                  AND n.nspname NOT LIKE 'pg\\_%'
                  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[])))
            SELECT t.nspname, t.relname, 'table ' || t.relkind::text || ' ' || t.relpersistence::text || coalesce(' ' || t.bound, '')
            FROM t
            UNION ALL
            SELECT t.nspname, t.relname, 'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                   || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                   || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
                   || CASE WHEN a.attgenerated <> '' THEN ' generated ' || a.attgenerated::text ELSE '' END
            FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            UNION ALL
            SELECT t.nspname, t.relname, 'constraint ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
            FROM t JOIN pg_constraint con ON con.conrelid = t.oid
            UNION ALL
            SELECT t.nspname, t.relname, 'index ' || pg_get_indexdef(i.indexrelid)
            FROM t JOIN pg_index i ON i.indrelid = t.oid
            """;

    private SchemaFingerprint() {}

    /**
     * @param schemas the schemas to describe; empty means every user schema
     * @return {@code schema.table} → SHA-256 of its description, in name order
     */
    public static Map<String, String> of(Connection c, List<String> schemas) throws SQLException {
        Map<String, List<String>> lines = new TreeMap<>();
        SearchPath.catalogOnly(c, () -> {
            try (PreparedStatement q = c.prepareStatement(DESCRIPTION)) {
                Array names = c.createArrayOf("text", schemas.toArray());
                q.setArray(1, names);
                q.setArray(2, names);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        lines.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>())
                                .add(rs.getString(3));
                    }
                }
            }
            return null;
        });
        Map<String, String> fingerprint = new TreeMap<>();
        lines.forEach((table, description) -> {
            description.sort(null);
            fingerprint.put(table, Sha256.hex(String.join("\n", description)));
        });
        return fingerprint;
    }

    /** Tables whose shape differs, or that exist on only one side, each with what is wrong. */
    public static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> found = new ArrayList<>();
        expected.forEach((table, sha) -> {
            String other = actual.get(table);
            if (other == null) {
                found.add(table + ": missing");
            } else if (!other.equals(sha)) {
                found.add(table + ": columns, constraints or indexes differ");
            }
        });
        actual.keySet().stream().filter(t -> !expected.containsKey(t)).forEach(t -> found.add(t + ": not in the source"));
        return found;
    }

}

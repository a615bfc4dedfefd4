package io.drkit.core.pg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.drkit.core.error.DrkitException;

/**
 * The tables a backup copies, chosen by schema and by include/exclude patterns on {@code schema.table}
 * ({@code *} matches any run of characters). A pattern may name a partitioned table; it then selects
 * its leaves. Listing reads only the catalog, so it takes no lock on any table.
 */
public final class TableLister {

    private static final String QUERY = """
            SELECT n.nspname, c.relname,
                   CASE WHEN c.relispartition THEN (SELECT rn.nspname || '.' || r.relname
                        FROM pg_class r JOIN pg_namespace rn ON rn.oid = r.relnamespace
                        WHERE r.oid = pg_partition_root(c.oid)) END AS root,
                   ARRAY(SELECT a.attname FROM pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                         ORDER BY a.attnum) AS columns
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND c.relpersistence <> 't'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
              AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
            ORDER BY n.nspname, c.relname
            """;

    private TableLister() {}

    public static List<SourceTable> list(Connection c, List<String> schemas, List<String> include,
            List<String> exclude) throws SQLException {
        List<Pattern> in = patterns(include);
        List<Pattern> out = patterns(exclude);
        List<SourceTable> tables = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(QUERY)) {
            Array schemaArray = c.createArrayOf("text", schemas.toArray());
            q.setArray(1, schemaArray);
            q.setArray(2, schemaArray);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String schema = rs.getString(1);
                    String name = rs.getString(2);
                    String root = rs.getString(3);
                    List<String> names = root == null ? List.of(schema + "." + name) : List.of(schema + "." + name, root);
                    if ((in.isEmpty() || matchesAny(in, names)) && !matchesAny(out, names)) {
                        List<String> columns = Arrays.asList((String[]) rs.getArray(4).getArray());
                        tables.add(new SourceTable(schema, name, root, columns, 0, 0));
                    }
                }
            }
        }
        if (tables.isEmpty()) {
            throw DrkitException.usage("no table to back up: the source has no user table"
                    + (schemas.isEmpty() ? "" : " in schemas " + schemas)
                    + (include.isEmpty() ? "" : " matching " + include)
                    + (exclude.isEmpty() ? "" : " outside " + exclude));
        }
        return tables;
    }

    /** Tables smaller than this many heap pages are sized from the heap; bigger ones are sampled. */
    static final long SAMPLE_ABOVE_PAGES = 1024;
    private static final int SAMPLED_PAGES = 256;

    /**
     * The tables with their heap pages and an estimate of their COPY text size. Values kept out of
     * line (TOAST) and text escaping make COPY text several times the heap size for some tables
     * (hex {@code bytea}) and a fraction of it for others, so big tables are sampled: the text of
     * rows on about {@value #SAMPLED_PAGES} random pages, scaled up. Reading a size takes a lock on
     * the table, so this runs after the snapshot has locked them: a table locked by someone else is
     * then named, not hidden in a query.
     */
    public static List<SourceTable> withSizes(Connection c, List<SourceTable> tables) {
        List<SourceTable> sized = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::int, pg_table_size(?::regclass)")) {
            for (SourceTable t : tables) {
                q.setString(1, t.qualified());
                q.setString(2, t.qualified());
                long pages;
                long bytes;
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    pages = rs.getLong(1);
                    bytes = rs.getLong(2);
                }
                if (pages > SAMPLE_ABOVE_PAGES) {
                    bytes = sampledCopyBytes(c, t, pages);
                }
                sized.add(new SourceTable(t.schema(), t.name(), t.partitionRoot(), t.columns(), pages, bytes));
            }
        } catch (SQLException e) {
            throw TableTrouble.explain(tables.get(sized.size()).label(), e);
        }
        return sized;
    }

    private static long sampledCopyBytes(Connection c, SourceTable t, long pages) throws SQLException {
        double percent = Math.min(100.0, SAMPLED_PAGES * 100.0 / pages);
        // REPEATABLE keeps the estimate (and so the plan) the same when a restart plans again
        String sql = "SELECT coalesce(sum(octet_length(r::text) + 1), 0) FROM " + t.qualified()
                + " r TABLESAMPLE SYSTEM (" + percent + ") REPEATABLE (7)";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return Math.round(rs.getLong(1) * 100.0 / percent);
        }
    }

    private static boolean matchesAny(List<Pattern> patterns, List<String> names) {
        return patterns.stream().anyMatch(p -> names.stream().anyMatch(n -> p.matcher(n).matches()));
    }

    private static List<Pattern> patterns(List<String> globs) {
        return globs.stream()
                .map(g -> Pattern.compile(Arrays.stream(g.split("\\*", -1)).map(Pattern::quote)
                        .reduce((a, b) -> a + ".*" + b).orElse("")))
                .toList();
    }
}

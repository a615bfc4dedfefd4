package io.drkit.verify.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;

/**
 * Proves every constraint of the restored tables holds by querying for rows that break it, rather
 * than trusting that the server enforced it while loading: not null, primary key, unique, foreign
 * key and check. A constraint of a partitioned table is checked once, on the whole table.
 */
final class ConstraintChecks {

    private static final String CONSTRAINTS = """
            SELECT con.contype, n.nspname, c.relname, c.relkind, con.conname,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.i),
                   rn.nspname, r.relname, r.relkind,
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, i)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.i),
                   CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class r ON r.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
            WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0 AND con.conislocal
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drkit_restore') AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY n.nspname, c.relname, con.conname
            """;

    private static final String NOT_NULL_COLUMNS = """
            SELECT n.nspname, c.relname, array_agg(a.attname ORDER BY a.attnum)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
            WHERE c.relkind = 'r'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drkit_restore') AND n.nspname NOT LIKE 'pg\\_%'
            GROUP BY n.nspname, c.relname ORDER BY 1, 2
            """;

    private ConstraintChecks() {}

    static List<CheckOutcome> run(Connection c) throws SQLException {
        List<CheckOutcome> outcomes = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            // expressions then name every schema, so they run the same whatever the search path
            s.execute("SET search_path = pg_catalog");
        }
        List<String[]> notNull = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(NOT_NULL_COLUMNS)) {
            while (rs.next()) {
                notNull.add(new String[] {rs.getString(1), rs.getString(2), String.join("\u0000",
                        (String[]) rs.getArray(3).getArray())});
            }
        }
        for (String[] t : notNull) {
            List<String> columns = List.of(t[2].split("\u0000"));
            String where = String.join(" OR ", columns.stream().map(col -> Identifiers.quote(col) + " IS NULL").toList());
            outcomes.add(count("not-null", t[0] + "." + t[1] + " (" + columns.size() + " columns)",
                    c, "SELECT count(*) FROM ONLY " + table(t[0], t[1]) + " WHERE " + where));
        }
        List<Constraint> constraints = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CONSTRAINTS)) {
            while (rs.next()) {
                constraints.add(new Constraint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), List.of((String[]) rs.getArray(6).getArray()), rs.getString(7), rs.getString(8),
                        rs.getString(9), List.of((String[]) rs.getArray(10).getArray()), rs.getString(11)));
            }
        }
        for (Constraint k : constraints) {
            outcomes.add(count(k.kind(), k.schema() + "." + k.table() + "." + k.name(), c, k.violationsQuery()));
        }
        return outcomes;
    }

    private static CheckOutcome count(String kind, String name, Connection c, String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long broken = rs.getLong(1);
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new CheckOutcome(kind, name, CheckOutcome.Result.of(broken == 0),
                    broken == 0 ? "holds" : broken + (broken == 1 ? " row breaks it" : " rows break it"), millis);
        } catch (SQLException e) {
            return new CheckOutcome(kind, name, CheckOutcome.Result.FAILED, "could not be checked: " + JdbcUrl.redact(e.getMessage()),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    static String table(String schema, String name) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    private record Constraint(String type, String schema, String table, String relkind, String name, List<String> columns,
            String refSchema, String refTable, String refRelkind, List<String> refColumns, String expression) {

        String kind() {
            return switch (type) {
                case "p" -> "primary-key";
                case "u" -> "unique";
                case "f" -> "foreign-key";
                default -> "check";
            };
        }

        /** One count: rows (or groups of rows) that break the constraint. */
        String violationsQuery() {
            String from = scan(relkind) + ConstraintChecks.table(schema, table) + " t";
            List<String> cols = columns.stream().map(col -> "t." + Identifiers.quote(col)).toList();
            String allSet = String.join(" AND ", cols.stream().map(col -> col + " IS NOT NULL").toList());
            return switch (type) {
                case "p", "u" -> "SELECT count(*) FROM (SELECT 1 FROM " + from + " WHERE " + allSet
                        + " GROUP BY " + String.join(", ", cols) + " HAVING count(*) > 1) d";
                case "f" -> {
                    List<String> match = new ArrayList<>();
                    for (int i = 0; i < columns.size(); i++) {
                        match.add("r." + Identifiers.quote(refColumns.get(i)) + " = " + cols.get(i));
                    }
                    yield "SELECT count(*) FROM " + from + " WHERE " + allSet + " AND NOT EXISTS (SELECT 1 FROM "
                            + scan(refRelkind) + ConstraintChecks.table(refSchema, refTable) + " r WHERE " + String.join(" AND ", match) + ")";
                }
                default -> "SELECT count(*) FROM " + from + " WHERE (" + expression + ") IS FALSE";
            };
        }

        /** A partitioned table's rows are in its partitions; a plain table's are its own (not its children's). */
        private static String scan(String relkind) {
            return "p".equals(relkind) ? "" : "ONLY ";
        }
    }
}

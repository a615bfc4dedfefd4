package io.drkit.restore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which post-data statements a restore's post-data step runs. A restore in one stage runs them all
 * ({@link #ALL}). A staged restore splits them around its serving moment:
 * <ul>
 * <li>{@link #HOT}, before serving: every primary key, unique and exclusion constraint (new rows must
 *     never collide with loaded ones, and a table without cold rows is complete then); the indexes of
 *     tables that get hot rows or no rows at all; foreign keys {@code NOT VALID} from tables that get no
 *     cold rows (a key on a table being loaded would check every loaded row, in an order the parts do not
 *     keep); triggers of tables that get no cold rows; row-level security and its policies (the grants
 *     are given before serving, so what they protect must be protected from then on).</li>
 * <li>{@link #COLD}, after the cold tier is loaded, while the database serves: the indexes of tables
 *     that have only cold rows, built {@code CONCURRENTLY}; the remaining foreign keys, added
 *     {@code NOT VALID}; {@code VALIDATE CONSTRAINT} of every foreign key (it lets reads and writes go on);
 *     the rest (triggers of tables with cold rows, materialized view data...) in pg_dump's order.
 *     A foreign key on a partitioned table cannot be {@code NOT VALID} before PostgreSQL 18: it is
 *     added as pg_dump wrote it, which blocks writes to the two tables while it checks.</li>
 * </ul>
 */
enum PostDataStage {
    ALL, HOT, COLD;

    /** A name as pg_dump writes it, here where a semicolon may follow it. */
    private static final String NAME = "(?:\"(?:[^\"]|\"\")*\"|[^\\s.\"(),;]+)";
    private static final Pattern ATTACH = Pattern.compile("\\bATTACH\\s+PARTITION\\s+(" + NAME + ")\\.(" + NAME + ")");
    private static final Pattern ON_ONLY = Pattern.compile("\\bON\\s+ONLY\\s");
    private static final Pattern INDEX = Pattern.compile("^(\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX)\\s");
    private static final Pattern ADD_CONSTRAINT = Pattern.compile("\\bADD\\s+CONSTRAINT\\s+(" + NAME + ")");

    /** The part of the whole post-data plan this stage runs. */
    PostDataPlan of(PostDataPlan whole, TierRows rows, Map<String, String> rootOf) {
        if (this == ALL) {
            return whole;
        }
        List<PostDataPlan.Step> parallel = new ArrayList<>();
        List<PostDataPlan.Step> serial = new ArrayList<>();
        Map<String, Boolean> hotIndexes = new HashMap<>();
        for (PostDataPlan.Step s : whole.parallel()) {
            boolean first = "CONSTRAINT".equals(s.entry().type()) || ON_ONLY.matcher(s.entry().sql()).find()
                    || s.table() == null || rows.hasHot(s.table()) || !rows.hasCold(s.table());
            hotIndexes.put(indexName(s), first);
            if (first == (this == HOT)) {
                parallel.add(first ? s : concurrently(s));
            }
        }
        java.util.Set<String> roots = new java.util.HashSet<>(rootOf.values());
        for (PostDataPlan.Step s : whole.serial()) {
            if (s.foreignKey()) {
                foreignKey(s, rows, roots, serial);
                continue;
            }
            boolean first = switch (s.entry().type()) {
                case "INDEX ATTACH" -> hotIndexes.getOrDefault(attached(s), false);
                // the grants are given before serving: row-level security must hold from then on
                case "POLICY", "ROW SECURITY" -> true;
                // the privileges script, run before serving, gives publications their owners: they must exist by then
                case "PUBLICATION", "PUBLICATION TABLE", "PUBLICATION TABLES IN SCHEMA" -> true;
                case "TRIGGER" -> {
                    String table = PostDataPlan.table(PostDataPlan.ON, s.entry().sql());
                    yield table != null && !rows.hasCold(rootOf.getOrDefault(table, table)) && !rows.hasCold(table);
                }
                default -> false;
            };
            if (first == (this == HOT)) {
                serial.add(s);
            }
        }
        return new PostDataPlan(whole.preamble(), parallel, serial, whole.skippedForeignKeys());
    }

    /**
     * A foreign key from a table that gets no cold rows is added {@code NOT VALID} in stage 1; from one
     * that does, after its cold rows, in stage 2. Either way stage 2 validates it.
     */
    private void foreignKey(PostDataPlan.Step s, TierRows rows, java.util.Set<String> partitioned,
            List<PostDataPlan.Step> serial) {
        String sql = s.entry().sql().strip();
        String notValid = (sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql) + " NOT VALID;";
        if (partitioned.contains(s.table())) {
            if (this == COLD) {
                serial.add(s);
            }
            return;
        }
        boolean first = !rows.hasCold(s.table());
        if (this == HOT && first) {
            serial.add(s.with(s.item(), notValid));
        } else if (this == COLD) {
            if (!first) {
                serial.add(s.with(s.item(), notValid));
            }
            Matcher alter = PostDataPlan.ALTER.matcher(sql);
            Matcher name = ADD_CONSTRAINT.matcher(sql);
            if (alter.find() && name.find()) {
                serial.add(s.with(s.item() + " validate", "ALTER TABLE " + alter.group(1) + "." + alter.group(2)
                        + " VALIDATE CONSTRAINT " + name.group(1) + ";"));
            }
        }
    }

    private static PostDataPlan.Step concurrently(PostDataPlan.Step s) {
        Matcher m = INDEX.matcher(s.entry().sql());
        return m.find() ? s.with(s.item(), m.replaceFirst("$1 CONCURRENTLY ")) : s;
    }

    /** The index a parallel step builds: an index's own name, a constraint's name (the second word of its tag). */
    private static String indexName(PostDataPlan.Step s) {
        String name = s.entry().name();
        String own = "CONSTRAINT".equals(s.entry().type()) && name.contains(" ") ? name.substring(name.indexOf(' ') + 1)
                : name;
        return s.entry().schema() + "." + own;
    }

    private static String attached(PostDataPlan.Step s) {
        Matcher m = ATTACH.matcher(s.entry().sql());
        return m.find() ? unquote(m.group(1)) + "." + unquote(m.group(2)) : "";
    }

    private static String unquote(String name) {
        return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }
}

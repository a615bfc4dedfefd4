package io.drkit.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.drkit.core.pg.DumpScript;

/**
 * The post-data section in two waves: indexes and the constraints that build one (primary keys,
 * unique, exclusion, checks) are independent and built in parallel, biggest tables first; the rest
 * (foreign keys, which need those indexes, attached partition indexes, triggers, rules) follows in
 * pg_dump's order, except that a run of foreign keys is validated on several connections where they
 * lock different tables. A foreign key from a restored table to one left out is skipped and named.
 */
record PostDataPlan(String preamble, List<Step> parallel, List<Step> serial, List<String> skippedForeignKeys) {

    /**
     * @param item the ledger's name for it, stable for a point
     * @param locks for a foreign key, the tables (partitioned ones by their root) it locks while it is
     *        validated; empty for every other statement
     */
    record Step(String item, DumpScript.Entry entry, String table, Set<String> locks) {

        Step(String item, DumpScript.Entry entry, String table) {
            this(item, entry, table, Set.of());
        }

        boolean foreignKey() {
            return !locks.isEmpty();
        }

        /** An index built while its table serves: without a transaction, its ledger record after it. */
        boolean concurrently() {
            return CONCURRENT.matcher(entry.sql()).lookingAt();
        }

        /** The same step doing {@code sql} under the ledger name {@code item}. */
        Step with(String newItem, String sql) {
            return new Step(newItem, new DumpScript.Entry(entry.type(), entry.name(), entry.schema(), sql), table, locks);
        }
    }

    private static final Pattern CONCURRENT = Pattern.compile("\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b");
    private static final String NAME = "(?:\"(?:[^\"]|\"\")*\"|[^\\s.\"(),]+)";
    static final Pattern ON = Pattern.compile("\\bON\\s+(?:ONLY\\s+)?(" + NAME + ")\\.(" + NAME + ")");
    static final Pattern ALTER = Pattern.compile("^ALTER TABLE\\s+(?:ONLY\\s+)?(" + NAME + ")\\.(" + NAME + ")",
            Pattern.MULTILINE);
    private static final Pattern REFERENCES = Pattern.compile("\\bREFERENCES\\s+(" + NAME + ")\\.(" + NAME + ")");

    /**
     * @param restored labels of the tables whose rows are loaded, with their partitioned parents
     * @param rowsByTable rows per table label, to start the biggest index builds first
     * @param rootOf each partition's partitioned root table, by label
     */
    static PostDataPlan of(DumpScript script, Set<String> restored, Map<String, Long> rowsByTable,
            Map<String, String> rootOf) {
        List<Step> parallel = new ArrayList<>();
        List<Step> serial = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<DumpScript.Entry> entries = script.entries();
        for (int i = 0; i < entries.size(); i++) {
            DumpScript.Entry e = entries.get(i);
            String item = "post-data " + i;
            switch (e.type()) {
                case "INDEX" -> parallel.add(new Step(item, e, table(ON, e.sql())));
                case "CONSTRAINT" -> parallel.add(new Step(item, e, table(ALTER, e.sql())));
                case "FK CONSTRAINT" -> {
                    String from = table(ALTER, e.sql());
                    String to = table(REFERENCES, e.sql());
                    if (from != null && to != null && restored.contains(from) && !restored.contains(to)) {
                        skipped.add(e.schema() + "." + e.name().replace(' ', '.') + " (" + from + " → " + to + ")");
                    } else if (from == null || to == null) {
                        serial.add(new Step(item, e, from));
                    } else {
                        // a key may refer to its own table
                        serial.add(new Step(item, e, from, Set.copyOf(List.of(rootOf.getOrDefault(from, from),
                                rootOf.getOrDefault(to, to)))));
                    }
                }
                default -> serial.add(new Step(item, e, null));
            }
        }
        parallel.sort(Comparator.comparingLong((Step s) -> s.table() == null ? 0 : rowsByTable.getOrDefault(s.table(), 0L))
                .reversed());
        return new PostDataPlan(script.preamble(), parallel, serial, skipped);
    }

    /** The table a statement works on, as {@code schema.table}, or null when it names none this way. */
    static String table(Pattern pattern, String sql) {
        Matcher m = pattern.matcher(sql);
        return m.find() ? unquote(m.group(1)) + "." + unquote(m.group(2)) : null;
    }

    private static String unquote(String name) {
        return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }
}

package io.drkit.core.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-format {@code pg_dump} script cut into its entries, for running it over JDBC: each entry
 * starts at pg_dump's {@code -- Name: ...; Type: ...;} header. The psql meta-commands that newer
 * pg_dump writes (its backslash-restrict and backslash-unrestrict lines) are dropped; every other line is
 * kept, comments included, so function bodies stay as they were. The session settings before the
 * first entry are the preamble every connection runs first.
 */
public record DumpScript(String preamble, List<Entry> entries) {

    private static final Pattern META = Pattern.compile("^\\\\(un)?restrict \\S+\\s*$");
    private static final Pattern HEADER = Pattern.compile("^-- Name: (.*); Type: ([A-Z ]+); Schema: ([^;]*);.*$");

    /**
     * @param type pg_dump's entry type: {@code TABLE}, {@code INDEX}, {@code CONSTRAINT},
     *     {@code FK CONSTRAINT}, {@code INDEX ATTACH}, {@code TRIGGER}, ...
     * @param name pg_dump's name for it (for a constraint: {@code table constraint})
     */
    public record Entry(String type, String name, String schema, String sql) {}

    public static DumpScript parse(String script) {
        StringBuilder preamble = new StringBuilder();
        List<Entry> entries = new ArrayList<>();
        StringBuilder sql = null;
        String type = null;
        String name = null;
        String schema = null;
        for (String line : script.split("\n", -1)) {
            if (META.matcher(line).matches()) {
                continue;
            }
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                if (sql != null) {
                    entries.add(new Entry(type, name, schema, sql.toString().strip()));
                }
                name = m.group(1);
                type = m.group(2).strip();
                schema = m.group(3).strip();
                sql = new StringBuilder();
                continue;
            }
            (sql == null ? preamble : sql).append(line).append('\n');
        }
        if (sql != null) {
            entries.add(new Entry(type, name, schema, sql.toString().strip()));
        }
        return new DumpScript(preamble.toString().strip(), List.copyOf(entries));
    }

    /** The whole script without psql meta-commands, to run in one go. */
    public String sql() {
        StringBuilder b = new StringBuilder(preamble).append('\n');
        entries.forEach(e -> b.append(e.sql()).append('\n'));
        return b.toString();
    }
}

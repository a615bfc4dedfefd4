package io.drkit.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.drkit.core.manifest.Manifest.Setting;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.DumpScript;

/**
 * {@code schema/privileges.sql}: owners, grants and default privileges as pg_dump writes them
 * (taken from a schema dump with owners and privileges, in pg_dump's order), then the database's
 * settings. Each statement sits under a pg_dump-style entry header, so drkit runs it entry by
 * entry and psql runs it whole (after the rest of the restore, in the database restored into).
 */
public final class PrivilegesScript {

    public static final String OWNER = "OWNER";
    public static final String SETTING = "DATABASE SETTING";
    private static final Set<String> GRANTS = Set.of("ACL", "DEFAULT ACL");

    /** pg_dump ends each object's entry with its owner, on one line. */
    private static final Pattern OWNER_LINE = Pattern.compile("^ALTER [A-Z ]+ .+ OWNER TO .+;$");

    /** psql's variable for the database it is connected to: the script applies settings wherever it runs. */
    public static final String PSQL_DATABASE = ":\"DBNAME\"";

    private PrivilegesScript() {}

    /** @param dump {@code pg_dump --schema-only} with owners and privileges, both sections */
    public static String of(PointId pointId, String dump, List<Setting> settings) {
        DumpScript script = DumpScript.parse(dump);
        StringBuilder sql = new StringBuilder()
                .append("-- Owners, grants and default privileges of drkit point ").append(pointId)
                .append(" (from pg_dump), then the database's settings.\n")
                .append("-- Run it with psql last, in the database restored into, as a superuser (or a member of every\n")
                .append("-- role it names), after roles.sql and the rest of the point.\n")
                .append(script.preamble()).append("\n\n");
        List<DumpScript.Entry> grants = new ArrayList<>();
        for (DumpScript.Entry e : script.entries()) {
            if (GRANTS.contains(e.type())) {
                grants.add(e);
                continue;
            }
            String last = lastStatementLine(e.sql());
            if (OWNER_LINE.matcher(last).matches()) {
                entry(sql, new DumpScript.Entry(OWNER, e.name(), e.schema(), last));
            }
        }
        grants.forEach(e -> entry(sql, e));
        for (Setting s : settings) {
            entry(sql, new DumpScript.Entry(SETTING, (s.role() == null ? "" : s.role() + " ") + s.name(), "-",
                    DatabaseSettings.statement(s, PSQL_DATABASE) + ";"));
        }
        return sql.toString();
    }

    /** The entries drkit runs itself: owners and, or, grants; settings it makes for the database it restores into. */
    public static List<DumpScript.Entry> entries(DumpScript script, boolean owners, boolean privileges) {
        return script.entries().stream()
                .filter(e -> (owners && OWNER.equals(e.type())) || (privileges && GRANTS.contains(e.type()))).toList();
    }

    /** The entry's last line that is not blank and not a comment (pg_dump's {@code --} separators follow it). */
    private static String lastStatementLine(String sql) {
        String[] lines = sql.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("--")) {
                return line;
            }
        }
        return "";
    }

    private static void entry(StringBuilder sql, DumpScript.Entry e) {
        sql.append("--\n-- Name: ").append(e.name()).append("; Type: ").append(e.type()).append("; Schema: ")
                .append(e.schema()).append("; Owner: -\n--\n\n").append(statements(e.sql())).append("\n\n");
    }

    /** An entry's statements without pg_dump's separator and trailer comments around them. */
    private static String statements(String sql) {
        List<String> lines = new ArrayList<>(List.of(sql.split("\n")));
        while (!lines.isEmpty() && (lines.get(0).isBlank() || lines.get(0).startsWith("--"))) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && (lines.get(lines.size() - 1).isBlank() || lines.get(lines.size() - 1).startsWith("--"))) {
            lines.remove(lines.size() - 1);
        }
        return String.join("\n", lines);
    }
}

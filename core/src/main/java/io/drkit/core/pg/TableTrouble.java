package io.drkit.core.pg;

import java.sql.SQLException;

import io.drkit.core.error.DrkitException;

/** The ways a table can get in a backup's way, told in words an operator acts on. */
public final class TableTrouble {

    private TableTrouble() {}

    public static DrkitException explain(String table, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "42P01" -> DrkitException.failed("table " + table + " was dropped while the backup started; "
                    + "run the backup again", e);
            case "55P03" -> DrkitException.failed("table " + table + " is locked exclusively by another session "
                    + "(a DROP, TRUNCATE or ALTER in progress?); the backup gave up waiting for it", e);
            case "42501" -> e.getMessage() != null && e.getMessage().contains("row-level security")
                    ? DrkitException.usage("table " + table + " has row-level security policies that would hide rows "
                            + "from the source role: give it BYPASSRLS (ALTER ROLE ... BYPASSRLS), or back up as the "
                            + "table's owner or a superuser", e)
                    : DrkitException.usage("the source role may not read table " + table
                            + ": grant it SELECT (or use a role with pg_read_all_data)", e);
            default -> DrkitException.failed("reading table " + table + " failed: "
                    + JdbcUrl.redact(firstLine(e.getMessage())), e);
        };
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "unknown error";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}

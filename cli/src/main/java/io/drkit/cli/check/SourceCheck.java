package io.drkit.cli.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.drkit.core.config.DrkitProperties;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.SourceTable;
import io.drkit.core.pg.TableLister;

/**
 * The database to back up: reachable, every table and sequence of the backup readable by drkit's
 * role, and, with incrementals on, logical decoding allowed (REPLICATION, {@code wal_level=logical}).
 */
final class SourceCheck {

    static final String TARGET = "source";

    private SourceCheck() {}

    static List<Finding> run(Connection c, DrkitProperties.Backup backup, boolean incrementals) throws SQLException {
        List<Finding> found = new ArrayList<>();
        ServerChecks.Role role = ServerChecks.role(c);
        found.add(readsAllData(c, role, backup));
        if (!incrementals) {
            found.add(Finding.skipped(TARGET, "may stream changes (REPLICATION)", "not needed: incrementals are off"
                    + " (DRKIT_INCREMENTAL_ENABLED)"));
            return found;
        }
        found.add(role.replication() || role.superuser()
                ? Finding.ok(TARGET, "may stream changes (REPLICATION)", "role " + role.name() + " has REPLICATION")
                : Finding.problem(TARGET, "may stream changes (REPLICATION)", "role " + role.name()
                        + " lacks REPLICATION, which incremental backups need to read the slot",
                        "ALTER ROLE " + Identifiers.quote(role.name()) + " REPLICATION (as a superuser), and allow its"
                                + " replication connections in pg_hba.conf"));
        String walLevel = setting(c, "wal_level");
        found.add(walLevel.equals("logical")
                ? Finding.ok(TARGET, "logical decoding (wal_level)", "wal_level=logical")
                : Finding.problem(TARGET, "logical decoding (wal_level)", "wal_level=" + walLevel
                        + ": incremental backups need logical", "ALTER SYSTEM SET wal_level = 'logical' and restart"
                        + " the server (max_replication_slots and max_wal_senders above 0 too)"));
        return found;
    }

    private static Finding readsAllData(Connection c, ServerChecks.Role role, DrkitProperties.Backup backup)
            throws SQLException {
        String check = "reads every table and sequence it backs up";
        List<SourceTable> tables = TableLister.list(c, backup.schemas(), backup.include(), backup.exclude());
        if (tables.isEmpty()) {
            return Finding.problem(TARGET, check, "no table to back up: the database has no user table that"
                    + " DRKIT_BACKUP_SCHEMAS, _INCLUDE and _EXCLUDE choose", "point DRKIT_SOURCE_URL at the database"
                    + " to back up, or widen those settings");
        }
        if (role.superuser() || role.readAllData()) {
            return Finding.ok(TARGET, check, tables.size() + " tables; role " + role.name()
                    + (role.superuser() ? " is a superuser" : " has pg_read_all_data"));
        }
        List<String> unreadable = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT has_schema_privilege(?, 'USAGE') "
                + "AND has_table_privilege(?, 'SELECT')")) {
            for (SourceTable t : tables) {
                q.setString(1, t.schema());
                q.setString(2, t.qualified());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        unreadable.add(t.schema() + "." + t.name());
                    }
                }
            }
        }
        List<String> sequences = unreadableSequences(c, backup.schemas());
        if (unreadable.isEmpty() && sequences.isEmpty()) {
            return Finding.ok(TARGET, check, tables.size() + " tables, each readable by role " + role.name());
        }
        List<String> all = new ArrayList<>(unreadable);
        all.addAll(sequences);
        List<String> schemas = all.stream().map(n -> n.substring(0, n.indexOf('.'))).distinct().toList();
        String grants = String.join("; ", schemas.stream().map(s -> "GRANT USAGE ON SCHEMA " + s + " TO " + role.name()
                + "; GRANT SELECT ON ALL TABLES IN SCHEMA " + s + " TO " + role.name()
                + "; GRANT SELECT ON ALL SEQUENCES IN SCHEMA " + s + " TO " + role.name()).toList());
        return Finding.problem(TARGET, check, "role " + role.name() + " may not read " + all.size() + " of them: "
                + ServerChecks.some(all), "GRANT pg_read_all_data TO " + role.name() + " (PostgreSQL 14 or newer), or "
                + grants);
    }

    private static List<String> unreadableSequences(Connection c, List<String> schemas) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT n.nspname || '.' || s.relname FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
                WHERE s.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg\\_%' AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
                  AND NOT (has_schema_privilege(n.oid, 'USAGE') AND has_sequence_privilege(s.oid, 'SELECT'))
                ORDER BY 1""")) {
            java.sql.Array array = c.createArrayOf("text", schemas.toArray());
            q.setArray(1, array);
            q.setArray(2, array);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String describe(JdbcUrl url, Connection c) throws SQLException {
        return "PostgreSQL " + ServerChecks.version(c) + ", database " + url.database() + " as " + ServerChecks.role(c).name();
    }
}

package io.drkit.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.drkit.core.access.AccessCatalog;
import io.drkit.core.access.AccessReader;
import io.drkit.core.access.RoleRecord;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;

/**
 * The point's roles on the target server, before anything names them. A missing role is created
 * with its recorded attributes, without LOGIN and password unless asked for and recorded, and made a
 * member of the roles the point has it in; a role that exists is left as it is (its memberships too),
 * and where it differs from the point the difference is told. Roles are never dropped.
 */
final class TargetRoles {

    /** @param created roles made here; @param warnings differences left as they are, and what could not be done */
    record Outcome(List<String> created, List<String> warnings) {}

    private TargetRoles() {}

    /**
     * @param withLogin give created roles LOGIN and their password hashes, as the point has them
     * @param loginMatters whether a difference in LOGIN is worth telling (not on a scratch server,
     *     where drkit's own roles are made without it)
     */
    static Outcome apply(Connection c, AccessCatalog catalog, boolean withLogin, boolean loginMatters)
            throws SQLException {
        Map<String, RoleRecord> recorded = catalog.roles().stream()
                .collect(Collectors.toMap(RoleRecord::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, RoleRecord> existing = byName(AccessReader.roles(c, recorded.keySet(), false));
        List<String> warnings = new ArrayList<>();
        List<String> created = new ArrayList<>();
        if (withLogin && recorded.values().stream().anyMatch(r -> r.passwordHash() != null)) {
            keepStatementsOutOfTheServerLog(c);
        }
        for (RoleRecord r : recorded.values()) {
            RoleRecord there = existing.get(r.name());
            if (there == null) {
                if (create(c, r, withLogin)) {
                    created.add(r.name());
                }
                continue;
            }
            List<String> differences = r.attributeDifferences(there, loginMatters);
            if (!differences.isEmpty()) {
                warnings.add("role " + r.name() + " exists with other attributes, left as it is: "
                        + String.join(", ", differences));
            }
        }
        for (RoleRecord r : recorded.values()) {
            Set<String> memberOf = existing.containsKey(r.name())
                    ? existing.get(r.name()).memberOf().stream().map(RoleRecord.Membership::role).collect(Collectors.toSet())
                    : Set.of();
            for (RoleRecord.Membership m : r.memberOf()) {
                if (created.contains(r.name())) {
                    grant(c, r, m, warnings);
                } else if (!memberOf.contains(m.role())) {
                    warnings.add("role " + r.name() + " exists but is not a member of " + m.role()
                            + " as in the point; left as it is");
                }
            }
        }
        return new Outcome(created, warnings);
    }

    /** The point's extensions at their versions, where their schema already exists (the rest come with pre-data). */
    static List<String> extensions(Connection c, List<Manifest.Extension> extensions) throws SQLException {
        List<String> warnings = new ArrayList<>();
        Set<String> installed = new TreeSet<>();
        AccessReader.extensions(c).forEach(e -> installed.add(e.name()));
        for (Manifest.Extension e : extensions) {
            if (installed.contains(e.name()) || !schemaExists(c, e.schema())) {
                continue;
            }
            String create = "CREATE EXTENSION IF NOT EXISTS " + Identifiers.quote(e.name()) + " WITH SCHEMA "
                    + Identifiers.quote(e.schema());
            SQLException failure = attempt(c, create + " VERSION " + Identifiers.literal(e.version()));
            if (failure != null && attempt(c, create) == null) {
                warnings.add("extension " + e.name() + " " + e.version() + " is not available here; created at the "
                        + "server's default version instead");
            } else if (failure != null) {
                warnings.add("extension " + e.name() + " could not be created before the schema ("
                        + JdbcUrl.redact(failure.getMessage()) + ")");
            }
        }
        return warnings;
    }

    private static boolean create(Connection c, RoleRecord r, boolean withLogin) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute(r.createStatement(withLogin));
            for (String setting : r.settingStatements()) {
                s.execute(setting);
            }
            c.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            c.rollback(savepoint);
            if ("42710".equals(e.getSQLState()) || "23505".equals(e.getSQLState())) {
                return false; // another restore on this server made it a moment ago
            }
            // the message names the role, never the statement, which may carry a password hash
            throw DrkitException.usage("role " + r.name() + " is missing on the target and could not be created ("
                    + firstLine(e.getMessage()) + "): restore as a superuser or a role with CREATEROLE, create the "
                    + "role by hand, or restore with --no-owner --no-privileges", e);
        }
    }

    private static void grant(Connection c, RoleRecord r, RoleRecord.Membership m, List<String> warnings)
            throws SQLException {
        SQLException failure = attempt(c, r.grantStatement(m));
        if (failure != null) {
            warnings.add("role " + r.name() + " could not be made a member of " + m.role() + " ("
                    + firstLine(failure.getMessage()) + ")");
        }
    }

    /** A statement in a savepoint: its failure leaves the transaction usable. */
    private static SQLException attempt(Connection c, String sql) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            c.releaseSavepoint(savepoint);
            return null;
        } catch (SQLException e) {
            c.rollback(savepoint);
            return e;
        }
    }

    /**
     * A server that logs DDL (log_statement) or failed statements would write the password hashes
     * into its log; a superuser session can say not to. Anyone else cannot, and the hashes then go
     * where the server's own settings send them.
     */
    private static void keepStatementsOutOfTheServerLog(Connection c) throws SQLException {
        attempt(c, "SET LOCAL log_statement = 'none'");
        attempt(c, "SET LOCAL log_min_error_statement = 'panic'");
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            q.setString(1, schema);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Map<String, RoleRecord> byName(List<RoleRecord> roles) {
        Map<String, RoleRecord> m = new LinkedHashMap<>();
        roles.forEach(r -> m.put(r.name(), r));
        return m;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return JdbcUrl.redact(nl < 0 ? message : message.substring(0, nl));
    }
}

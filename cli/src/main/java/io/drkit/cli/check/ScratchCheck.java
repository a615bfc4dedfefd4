package io.drkit.cli.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;

/**
 * The scratch server, where restores, restore verifications and drills create their databases; and
 * the catalog, drkit's job history, which is created there on first use when it does not exist.
 */
final class ScratchCheck {

    private ScratchCheck() {}

    static List<Finding> scratch(JdbcUrl url) {
        List<Finding> found = new ArrayList<>();
        try (Connection c = ServerChecks.connect(url, "scratch")) {
            found.add(Finding.ok("scratch", "reachable", "PostgreSQL " + ServerChecks.version(c) + " at " + url.redacted()));
            ServerChecks.Role role = ServerChecks.role(c);
            found.add(role.createDb() || role.superuser()
                    ? Finding.ok("scratch", "may create databases (CREATEDB)", "role " + role.name()
                            + (role.superuser() ? " is a superuser" : " has CREATEDB"))
                    : Finding.problem("scratch", "may create databases (CREATEDB)", "role " + role.name()
                            + " lacks CREATEDB: restores into scratch databases, verifications and drills will fail",
                            "ALTER ROLE " + Identifiers.quote(role.name()) + " CREATEDB"));
        } catch (SQLException e) {
            found.add(Finding.problem("scratch", "reachable", ServerChecks.whyNot(url, "scratch", e),
                    "correct DRKIT_SCRATCH_URL (a maintenance database such as postgres on the server for scratch"
                            + " databases), or start that server"));
        }
        return found;
    }

    static Finding catalog(JdbcUrl url, boolean derived) {
        String origin = derived ? "the drkit database on the scratch server (DRKIT_CATALOG_URL unset)" : "DRKIT_CATALOG_URL";
        try (Connection c = ServerChecks.connect(url, "catalog")) {
            return Finding.ok("catalog", "reachable", "database " + url.database() + ", PostgreSQL " + ServerChecks.version(c));
        } catch (SQLException e) {
            if ("3D000".equals(e.getSQLState())) {
                return createdOnFirstUse(url, origin);
            }
            return Finding.problem("catalog", "reachable", ServerChecks.whyNot(url, "catalog", e),
                    "correct " + (derived ? "DRKIT_SCRATCH_URL, or set DRKIT_CATALOG_URL" : "DRKIT_CATALOG_URL")
                            + ", or start that server");
        }
    }

    /** drkit creates a missing catalog database itself, which its role must then be allowed to do. */
    private static Finding createdOnFirstUse(JdbcUrl url, String origin) {
        JdbcUrl server = url.withDatabase("postgres");
        try (Connection c = ServerChecks.connect(server, "catalog server")) {
            ServerChecks.Role role = ServerChecks.role(c);
            if (role.createDb() || role.superuser()) {
                return Finding.ok("catalog", "reachable", "database " + url.database() + " does not exist yet; drkit"
                        + " creates it on first use (role " + role.name() + " may)");
            }
            return Finding.problem("catalog", "reachable", "database " + url.database() + " (" + origin + ") does not"
                    + " exist and role " + role.name() + " may not create it",
                    "CREATE DATABASE " + Identifiers.quote(url.database()) + " OWNER " + Identifiers.quote(role.name()));
        } catch (SQLException e) {
            return Finding.problem("catalog", "reachable", "database " + url.database() + " does not exist, and "
                    + ServerChecks.whyNot(server, "catalog server", e), "CREATE DATABASE " + Identifiers.quote(url.database()));
        }
    }
}

package io.drkit.core.access;

import java.util.ArrayList;
import java.util.List;

import io.drkit.core.pg.Identifiers;

/**
 * A role as the source had it. The password hash is present only when the backup was asked to
 * capture it; it is never part of {@link #toString()}, so no log line or error message can carry it.
 *
 * @param connectionLimit -1 for no limit
 * @param validUntil as PostgreSQL prints it, or null
 * @param memberOf the roles it is a member of
 * @param settings {@code name=value} of {@code ALTER ROLE ... SET} for every database
 * @param passwordHash SCRAM or MD5 hash from {@code pg_authid}, or null
 */
public record RoleRecord(String name, boolean superuser, boolean inherit, boolean createRole, boolean createDb,
        boolean login, boolean replication, boolean bypassRls, int connectionLimit, String validUntil,
        List<Membership> memberOf, List<String> settings, String passwordHash) {

    /** @param admin whether it may grant the role to others */
    public record Membership(String role, boolean admin) {}

    public RoleRecord withoutPassword() {
        return new RoleRecord(name, superuser, inherit, createRole, createDb, login, replication, bypassRls,
                connectionLimit, validUntil, memberOf, settings, null);
    }

    /**
     * {@code CREATE ROLE} with the recorded attributes. Without {@code withLogin} the role cannot log
     * in: a restored role gets a password (and LOGIN) from an operator, or from the point when asked.
     */
    public String createStatement(boolean withLogin) {
        StringBuilder sql = new StringBuilder("CREATE ROLE ").append(Identifiers.quote(name))
                .append(superuser ? " SUPERUSER" : " NOSUPERUSER")
                .append(inherit ? " INHERIT" : " NOINHERIT")
                .append(createRole ? " CREATEROLE" : " NOCREATEROLE")
                .append(createDb ? " CREATEDB" : " NOCREATEDB")
                .append(login && withLogin ? " LOGIN" : " NOLOGIN")
                .append(replication ? " REPLICATION" : " NOREPLICATION")
                .append(bypassRls ? " BYPASSRLS" : " NOBYPASSRLS");
        if (connectionLimit != -1) {
            sql.append(" CONNECTION LIMIT ").append(connectionLimit);
        }
        if (validUntil != null) {
            sql.append(" VALID UNTIL ").append(Identifiers.literal(validUntil));
        }
        if (withLogin && passwordHash != null) {
            sql.append(" PASSWORD ").append(Identifiers.literal(passwordHash));
        }
        return sql.toString();
    }

    /** {@code ALTER ROLE ... SET} for each of its settings. */
    public List<String> settingStatements() {
        List<String> statements = new ArrayList<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq > 0) {
                statements.add("ALTER ROLE " + Identifiers.quote(name) + " SET "
                        + DatabaseSettings.assignment(setting.substring(0, eq), setting.substring(eq + 1)));
            }
        }
        return statements;
    }

    /** {@code GRANT role TO member} for one of its memberships. */
    public String grantStatement(Membership m) {
        return "GRANT " + Identifiers.quote(m.role()) + " TO " + Identifiers.quote(name)
                + (m.admin() ? " WITH ADMIN OPTION" : "");
    }

    /**
     * Attributes that differ in {@code other}, in words ({@code LOGIN here, NOLOGIN in the point}).
     *
     * @param withLogin whether a difference in LOGIN counts
     */
    public List<String> attributeDifferences(RoleRecord other, boolean withLogin) {
        List<String> found = new ArrayList<>();
        compare(found, "SUPERUSER", superuser, other.superuser);
        compare(found, "INHERIT", inherit, other.inherit);
        compare(found, "CREATEROLE", createRole, other.createRole);
        compare(found, "CREATEDB", createDb, other.createDb);
        if (withLogin) {
            compare(found, "LOGIN", login, other.login);
        }
        compare(found, "REPLICATION", replication, other.replication);
        compare(found, "BYPASSRLS", bypassRls, other.bypassRls);
        if (connectionLimit != other.connectionLimit) {
            found.add("CONNECTION LIMIT " + other.connectionLimit + " here, " + connectionLimit + " in the point");
        }
        return found;
    }

    private static void compare(List<String> found, String attribute, boolean recorded, boolean actual) {
        if (recorded != actual) {
            found.add((actual ? "" : "NO") + attribute + " here, " + (recorded ? "" : "NO") + attribute + " in the point");
        }
    }

    @Override
    public String toString() {
        return "role " + name + (passwordHash == null ? "" : " (password hash withheld)");
    }
}

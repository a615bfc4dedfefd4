package io.drkit.core.access;

import java.util.List;

import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.Identifiers;

/**
 * {@code schema/roles.sql}: the point's roles as a psql script for a restore without drkit. It
 * creates only the roles that are missing, without LOGIN and without a password, leaves every role
 * that exists as it is (memberships too), and makes each role it creates a member of the roles the
 * point has it in.
 */
public final class RoleScript {

    private RoleScript() {}

    public static String of(PointId pointId, List<RoleRecord> roles) {
        StringBuilder sql = new StringBuilder();
        sql.append("-- Roles that the objects of drkit point ").append(pointId)
                .append(" name, with their attributes and memberships.\n")
                .append("-- Run it with psql before pre-data.sql. A missing role is created without LOGIN and without a\n")
                .append("-- password (give one with ALTER ROLE ... LOGIN PASSWORD ...); a role that exists is left as it is.\n")
                .append("SET client_min_messages = warning;\n")
                .append("CREATE TEMPORARY TABLE drkit_created_role (name text PRIMARY KEY);\n");
        if (roles.isEmpty()) {
            return sql.toString();
        }
        StringBuilder create = new StringBuilder();
        for (RoleRecord r : roles) {
            create.append("  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ")
                    .append(Identifiers.literal(r.name())).append(") THEN\n")
                    .append("    ").append(r.createStatement(false)).append(";\n");
            r.settingStatements().forEach(s -> create.append("    ").append(s).append(";\n"));
            create.append("    INSERT INTO drkit_created_role VALUES (").append(Identifiers.literal(r.name())).append(");\n")
                    .append("  END IF;\n");
        }
        sql.append(block(create.toString()));
        StringBuilder grants = new StringBuilder();
        for (RoleRecord r : roles) {
            for (RoleRecord.Membership m : r.memberOf()) {
                grants.append("  IF EXISTS (SELECT FROM drkit_created_role WHERE name = ")
                        .append(Identifiers.literal(r.name())).append(") THEN\n")
                        .append("    ").append(r.grantStatement(m)).append(";\n")
                        .append("  END IF;\n");
            }
        }
        if (!grants.isEmpty()) {
            sql.append(block(grants.toString()));
        }
        return sql.toString();
    }

    /** A DO block, dollar-quoted with a tag its body does not contain. */
    private static String block(String body) {
        String tag = "$drkit$";
        while (body.contains(tag)) {
            tag = tag.substring(0, tag.length() - 1) + "_$";
        }
        return "DO " + tag + "\nBEGIN\n" + body + "END\n" + tag + ";\n";
    }
}

package io.drkit.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.drkit.core.manifest.PointId;

/** roles.sql creates only what is missing, never with LOGIN or a password, and grants memberships only to the roles it made. */
class RoleScriptTest {

    private static final PointId POINT = PointId.of("20261125T031500Z-full-3fa9");

    @Test
    void missingRolesAreCreatedWithoutLoginOrPasswordAndOnlyTheyGetMemberships() {
        RoleRecord writer = new RoleRecord("app_rw", false, true, false, false, true, false, false, 5, null,
                List.of(new RoleRecord.Membership("app_ro", false)), List.of("work_mem=64MB"), "SCRAM-SHA-256$4096:c2FsdA==$x:y");
        RoleRecord reader = new RoleRecord("app_ro", false, true, false, false, false, false, false, -1, null, List.of(),
                List.of(), null);

        String script = RoleScript.of(POINT, List.of(reader, writer));
        String statements = String.join("\n", script.lines().filter(l -> !l.startsWith("--")).toList());

        assertThat(statements).contains("IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'app_rw') THEN",
                        "CREATE ROLE \"app_rw\" NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION "
                                + "NOBYPASSRLS CONNECTION LIMIT 5;",
                        "ALTER ROLE \"app_rw\" SET \"work_mem\" TO '64MB';",
                        "IF EXISTS (SELECT FROM drkit_created_role WHERE name = 'app_rw') THEN\n    GRANT \"app_ro\" TO \"app_rw\";")
                .doesNotContain("SCRAM", "PASSWORD", " LOGIN");
        assertThat(writer.toString()).doesNotContain("SCRAM").contains("withheld");
        assertThat(writer.createStatement(true)).contains(" LOGIN ").contains("PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$x:y'");
    }

    @Test
    void aNameThatHoldsTheDollarQuoteTagDoesNotEndTheBlock() {
        RoleRecord odd = new RoleRecord("a$drkit$b", false, true, false, false, false, false, false, -1, null, List.of(),
                List.of(), null);
        String script = RoleScript.of(POINT, List.of(odd));
        assertThat(script).contains("DO $drkit_$\n").endsWith("END\n$drkit_$;\n");
    }
}

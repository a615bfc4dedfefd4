package io.drkit.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.drkit.core.manifest.Manifest.Setting;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.DumpScript;

/**
 * privileges.sql keeps exactly what pg_dump says about owners and grants, in pg_dump's order (all
 * owners before any grant), and nothing else: no table, no function body, even one that changes owners.
 */
class PrivilegesScriptTest {

    private static final PointId POINT = PointId.of("20261125T031500Z-full-3fa9");

    /** pg_dump 15's --schema-only output, shortened, as it comes (separators, trailer, restrict line). */
    static final String DUMP = """
            --
            -- PostgreSQL database dump
            --

            \\restrict abc123

            SET statement_timeout = 0;
            SELECT pg_catalog.set_config('search_path', '', false);

            --
            -- Name: tracking; Type: SCHEMA; Schema: -; Owner: postgres
            --

            CREATE SCHEMA tracking;


            ALTER SCHEMA tracking OWNER TO postgres;

            --
            -- Name: hand_over(text); Type: FUNCTION; Schema: tracking; Owner: ops
            --

            CREATE FUNCTION tracking.hand_over(t text) RETURNS void
                LANGUAGE plpgsql
                AS $$BEGIN
            EXECUTE 'ALTER TABLE x OWNER TO y;';
            END$$;


            ALTER FUNCTION tracking.hand_over(t text) OWNER TO ops;

            --
            -- Name: stations; Type: TABLE; Schema: tracking; Owner: ops
            --

            CREATE TABLE tracking.stations (
                code text NOT NULL
            );


            ALTER TABLE tracking.stations OWNER TO ops;

            --
            -- Name: TABLE stations; Type: COMMENT; Schema: tracking; Owner: ops
            --

            COMMENT ON TABLE tracking.stations IS 'the network';


            --
            -- Name: TABLE stations; Type: ACL; Schema: tracking; Owner: ops
            --

            GRANT SELECT ON TABLE tracking.stations TO app_ro;


            --
            -- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: tracking; Owner: postgres
            --

            ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA tracking GRANT SELECT ON TABLES  TO app_ro;


            --
            -- PostgreSQL database dump complete
            --

            \\unrestrict abc123

            """;

    @Test
    void ownersThenGrantsThenSettingsAndNothingElse() {
        String script = PrivilegesScript.of(POINT, DUMP, List.of(new Setting(null, "search_path", "tracking, public")));
        DumpScript parsed = DumpScript.parse(script);

        assertThat(parsed.entries()).extracting(DumpScript.Entry::type)
                .containsExactly("OWNER", "OWNER", "OWNER", "ACL", "DEFAULT ACL", "DATABASE SETTING");
        assertThat(parsed.entries()).extracting(PrivilegesScriptTest::statements).containsExactly(
                "ALTER SCHEMA tracking OWNER TO postgres;",
                "ALTER FUNCTION tracking.hand_over(t text) OWNER TO ops;",
                "ALTER TABLE tracking.stations OWNER TO ops;",
                "GRANT SELECT ON TABLE tracking.stations TO app_ro;",
                "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA tracking GRANT SELECT ON TABLES  TO app_ro;",
                "ALTER DATABASE :\"DBNAME\" SET \"search_path\" TO 'tracking', 'public';");
        assertThat(script).doesNotContain("CREATE", "COMMENT ON", "EXECUTE", "restrict")
                .contains("SELECT pg_catalog.set_config('search_path', '', false);");
    }

    /** An entry without pg_dump's {@code --} separator lines around it. */
    private static String statements(DumpScript.Entry e) {
        return String.join("\n", e.sql().lines().filter(l -> !l.isBlank() && !l.startsWith("--")).toList());
    }

    @Test
    void drkitRunsOwnersOrGrantsAsAskedAndMakesTheSettingsItself() {
        DumpScript parsed = DumpScript.parse(PrivilegesScript.of(POINT, DUMP, List.of(new Setting(null, "x", "1"))));

        assertThat(PrivilegesScript.entries(parsed, true, false)).extracting(DumpScript.Entry::type)
                .containsOnly("OWNER").hasSize(3);
        assertThat(PrivilegesScript.entries(parsed, false, true)).extracting(DumpScript.Entry::type)
                .containsExactly("ACL", "DEFAULT ACL");
        assertThat(PrivilegesScript.entries(parsed, false, false)).isEmpty();
    }
}

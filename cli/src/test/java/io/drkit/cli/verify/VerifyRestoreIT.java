package io.drkit.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.OnS3;
import io.drkit.cli.TestStore;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.cli.drill.PrometheusFile;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.restore.RestoreService;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * {@code drkit verify --restore} with the reference tracking configuration: a whole point passes
 * every comparison and check; a row changed in the scratch database before the comparison fails it
 * and names the table; the scratch database is gone afterwards either way. The whole point is read
 * from S3, the others from a directory.
 */
@ExtendWith(RealServices.class)
class VerifyRestoreIT {

    static final Path TRACKING_CONFIG = Path.of("..", "config", "tracking.yml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private BackupFixture b;
    private JdbcUrl scratchServer;
    private String pointId;

    @BeforeEach
    void backUp(TestInfo test, TestDatabase source, TestDatabase catalog) {
        b = TestStore.of(test).fixture(source, catalog, dir).seeded(600);
        scratchServer = source.url().withDatabase("postgres");
        b.env.put("DRKIT_SCRATCH_URL", scratchServer.url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.init();
        pointId = b.backup().get("pointId").asString();
    }

    @Test
    @OnS3
    void aWholePointPassesEveryComparisonAndCheck() throws Exception {
        Path metrics = dir.resolve("metrics");
        b.env.put("DRKIT_METRICS_TEXTFILE_DIRECTORY", metrics.toString());
        assertThat(b.drkit("verify").exitCode()).isZero();
        JsonNode r = verifyRestore(0, Map.of());

        assertThat(r.get("verdict").asString()).isEqualTo("passed");
        assertThat(r.get("pointId").asString()).isEqualTo(pointId);
        assertThat(r.get("tables")).hasSizeGreaterThan(5).allSatisfy(t -> {
            assertThat(t.get("matches").asBoolean()).as(t.toString()).isTrue();
            assertThat(t.get("restoredDigest").asString()).isEqualTo(t.get("sourceDigest").asString());
        });
        assertThat(kinds(r)).contains("not-null", "primary-key", "foreign-key", "check", "index", "schema", "business");
        assertThat(r.get("checks")).allSatisfy(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());
        assertThat(names(r, "business")).containsExactlyInAnyOrder("events-belong-to-shipments",
                "no-event-before-its-shipment", "delivered-shipments-have-a-delivery-event",
                "delivered-shipments-have-a-proof");
        assertThat(names(r, "index")).contains("tracking.shipments_pkey", "tracking.shipments_status_idx");
        assertThat(scratchExists()).as("the scratch database is dropped").isFalse();
        // the weekly restore proof and the nightly object check are two jobs: neither overwrites the other
        assertThat(PrometheusFile.gauges(metrics.resolve("drkit_verify_restore.prom"), "verify-restore"))
                .containsEntry("drkit_last_run_exit_code", 0.0).containsKey("drkit_last_success_timestamp_seconds");
        assertThat(PrometheusFile.gauges(metrics.resolve("drkit_verify.prom"), "verify"))
                .containsEntry("drkit_last_run_exit_code", 0.0).containsKey("drkit_last_success_timestamp_seconds");
    }

    @Test
    void aRowChangedBeforeTheComparisonFailsAndNamesTheTable() throws Exception {
        String phone;
        try (Connection c = b.source.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT phone FROM tracking.couriers ORDER BY id LIMIT 1")) {
            rs.next();
            phone = rs.getString(1);
        }
        JsonNode r = verifyRestore(3, Map.of("DRKIT_VERIFY_FAIL_POINTS_SQL_BEFORE_COMPARE",
                "UPDATE tracking.couriers SET phone = phone || '9' WHERE id = (SELECT min(id) FROM tracking.couriers)"));

        assertThat(r.get("verdict").asString()).isEqualTo("failed");
        assertThat(r.get("problems").toString()).contains("table tracking.couriers: content digest differs");
        assertThat(r.get("problems")).hasSize(1);
        assertThat(r.toString()).as("no row data in the result").doesNotContain(phone);
        try (var reports = java.nio.file.Files.walk(dir.resolve("reports"))) {
            for (Path f : reports.filter(java.nio.file.Files::isRegularFile).toList()) {
                String page = java.nio.file.Files.readString(f);
                assertThat(page).as("no row data in " + f.getFileName()).doesNotContain(phone);
                if (!f.getFileName().toString().equals("index.html")) {
                    assertThat(page).as("the report names the table").contains("tracking.couriers");
                }
            }
        }
        assertThat(scratchExists()).as("the scratch database is dropped after a failure too").isFalse();
    }

    @Test
    void brokenConstraintsAndBusinessRulesAreFoundByLookingAtTheRows() throws Exception {
        // with triggers off (as a careless bulk load would have them) a shipment vanishes under its events
        JsonNode r = verifyRestore(3, Map.of("DRKIT_VERIFY_FAIL_POINTS_SQL_BEFORE_COMPARE", """
                SET session_replication_role = replica;
                DELETE FROM tracking.shipments WHERE waybill = (SELECT min(waybill) FROM tracking.tracking_events)
                """));

        String failures = r.get("problems").toString();
        assertThat(failures).contains("table tracking.shipments: 599 rows restored, 600 backed up")
                .contains("foreign-key tracking.tracking_events.tracking_events_waybill_fkey: ")
                .contains("business events-belong-to-shipments: ");
        assertThat(r.get("checks").toString()).doesNotContain("SF0");
    }

    @Test
    void anIndexThatNoLongerMatchesItsRowsAndAChangedSchemaAreFound() throws Exception {
        // an expression index over a function wrongly declared immutable, whose result then changes:
        // the index entries no longer match what the rows compute to, which amcheck must notice
        JsonNode r = verifyRestore(3, Map.of("DRKIT_VERIFY_FAIL_POINTS_SQL_BEFORE_COMPARE", """
                CREATE FUNCTION tracking.shifted(text) RETURNS text IMMUTABLE LANGUAGE plpgsql AS 'BEGIN RETURN $1; END';
                CREATE INDEX stations_shifted_idx ON tracking.stations (tracking.shifted(code));
                CREATE OR REPLACE FUNCTION tracking.shifted(text) RETURNS text IMMUTABLE LANGUAGE plpgsql
                    AS 'BEGIN RETURN $1 || ''x''; END';
                ALTER TABLE tracking.couriers ALTER COLUMN phone DROP NOT NULL;
                """));

        assertThat(r.get("checks")).filteredOn(c -> c.get("kind").asString().equals("index")
                && c.get("name").asString().equals("tracking.stations_shifted_idx")).singleElement()
                .satisfies(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isFalse());
        assertThat(r.get("checks")).filteredOn(c -> c.get("kind").asString().equals("index")
                && c.get("name").asString().equals("tracking.stations_pkey")).singleElement()
                .satisfies(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());
        String failures = r.get("problems").toString();
        assertThat(failures).contains("index tracking.stations_shifted_idx: ")
                .contains("schema ").contains("tracking.couriers").contains("tracking.stations");
        assertThat(r.get("tables")).allSatisfy(t -> assertThat(t.get("matches").asBoolean()).as(t.toString()).isTrue());
    }

    @Test
    void withoutBusinessChecksTheOutputAndTheReportSaySo() throws Exception {
        DrkitProcess.Result run = b.drkit(Map.of(), "verify", "--restore");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).startsWith("passed: ").contains("No business checks are configured (drkit.verify.checks)");

        JsonNode r = BackupFixture.JSON.readTree(b.drkit(Map.of(), "verify", "--restore", "--json").stdout());
        assertThat(r.get("summary").asString()).contains("No business checks are configured");
        assertThat(r.get("checks")).filteredOn(c -> c.get("kind").asString().equals("business")).singleElement()
                .satisfies(c -> {
                    assertThat(c.get("name").asString()).isEqualTo("none configured");
                    assertThat(c.get("passed").isNull()).as("not run, so neither held nor broken").isTrue();
                });
        try (var reports = java.nio.file.Files.walk(dir.resolve("reports"))) {
            assertThat(reports.filter(f -> f.toString().endsWith(".json")).toList()).hasSize(2)
                    .allSatisfy(f -> assertThat(java.nio.file.Files.readString(f)).contains("No business checks are configured"));
        }
    }

    /**
     * The systemd unit that {@code schedule print} renders when given the tracking configuration runs
     * {@code verify --restore} with that file, so the scheduled run holds the data to its checks.
     */
    @Test
    void aScheduleRenderedWithAConfigurationFileRunsItsBusinessChecks() throws Exception {
        Path units = dir.resolve("units");
        DrkitProcess.Result rendered = b.drkit(Map.of("DRKIT_CONFIG", TRACKING_CONFIG.toString()),
                "schedule", "print", "--format", "systemd", "--output", units.toString());
        assertThat(rendered.exitCode()).as(rendered.all()).isZero();
        String execStart = java.nio.file.Files.readString(units.resolve("drkit-verify-restore.service")).lines()
                .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertThat(execStart).isEqualTo("ExecStart=/usr/bin/drkit --config " + TRACKING_CONFIG + " verify --restore");

        List<String> args = new ArrayList<>(List.of(execStart.substring("ExecStart=/usr/bin/drkit ".length()).split(" ")));
        args.add("--json");
        DrkitProcess.Result run = b.drkit(Map.of(), args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode r = BackupFixture.JSON.readTree(run.stdout());
        assertThat(names(r, "business")).containsExactlyInAnyOrder("events-belong-to-shipments",
                "no-event-before-its-shipment", "delivered-shipments-have-a-delivery-event",
                "delivered-shipments-have-a-proof");
        assertThat(r.get("summary").asString()).doesNotContain("No business checks");
    }

    private JsonNode verifyRestore(int exitCode, Map<String, String> env) {
        DrkitProcess.Result r = b.drkit(env, "--config", TRACKING_CONFIG.toString(), "verify", "--restore", "--json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(exitCode);
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private static List<String> kinds(JsonNode r) {
        List<String> kinds = new ArrayList<>();
        r.get("checks").forEach(c -> kinds.add(c.get("kind").asString()));
        return kinds;
    }

    private static List<String> names(JsonNode r, String kind) {
        List<String> names = new ArrayList<>();
        r.get("checks").forEach(c -> {
            if (c.get("kind").asString().equals(kind)) {
                names.add(c.get("name").asString());
            }
        });
        return names;
    }

    private boolean scratchExists() throws Exception {
        try (Connection c = PgConnections.open(scratchServer, "test"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                        + RestoreService.scratchDatabase(PointId.of(pointId)) + "'")) {
            return rs.next();
        }
    }
}

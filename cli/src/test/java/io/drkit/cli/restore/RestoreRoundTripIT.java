package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/** A restored point is the source again: its data, its schema, and sequences that go on counting. */
@ExtendWith(RealServices.class)
class RestoreRoundTripIT {

    @TempDir
    Path dir;

    @Test
    void aRestoredPointEqualsItsSourceAndNewRowsGetNewKeys(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(3000);
        b.init();
        String pointId = b.backup().get("pointId").asString();
        try (RestoreFixture f = new RestoreFixture(b)) {
            JsonNode r = f.restore("--keep");

            assertThat(r.get("pointId").asString()).isEqualTo(pointId);
            assertThat(r.get("database").asString()).isEqualTo("drkit_" + pointId.toLowerCase().replace('-', '_'));
            assertThat(r.get("phasesSeconds").propertyNames()).containsExactly("restore.roles", "restore.preData",
                    "restore.data", "restore.postData", "restore.sequences", "restore.analyze", "restore.privileges");
            JdbcUrl restored = f.scratchServer.withDatabase(r.get("database").asString());
            assertThat(RestoreFixture.dataOf(restored)).isEqualTo(RestoreFixture.dataOf(source.url()));
            assertThat(RestoreFixture.schemaOf(restored)).isEqualTo(RestoreFixture.schemaOf(source.url()));
            try (Connection c = PgConnections.open(restored, "test"); Statement s = c.createStatement()) {
                s.execute("INSERT INTO tracking.couriers (name, phone, home_station, hired) "
                        + "SELECT 'New', '+86 1', code, current_date FROM tracking.stations LIMIT 1");
                try (ResultSet rs = s.executeQuery("SELECT max(id) = (SELECT max(id) FROM tracking.couriers WHERE name <> 'New') + 1"
                        + " FROM tracking.couriers")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("the identity goes on after the source's last key").isTrue();
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'drkit_restore'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("drkit's ledger is gone").isZero();
                }
            }
        }
    }

    @Test
    void withoutKeepTheScratchDatabaseIsDroppedAndTimeChoosesThePoint(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(200);
        b.init();
        JsonNode first = b.backup();
        Thread.sleep(1100);
        b.backup();
        try (RestoreFixture f = new RestoreFixture(b)) {
            JsonNode r = f.restore("--time", first.get("time").asString());

            assertThat(r.get("pointId").asString()).isEqualTo(first.get("pointId").asString());
            assertThat(r.get("kept").asBoolean()).isFalse();
            assertThat(f.exists(r.get("database").asString())).as("scratch database dropped").isFalse();

            DrkitProcess.Result before = f.drkit("restore", "--time", "2001-01-01T00:00:00Z");
            assertThat(before.exitCode()).isEqualTo(2);
            assertThat(before.stderr()).contains("no point at or before 2001-01-01T00:00:00Z");
        }
    }

    @Test
    void aSubsetOfTablesSkipsAndNamesTheForeignKeysToTablesLeftOut(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(300);
        b.init();
        b.backup();
        try (RestoreFixture f = new RestoreFixture(b)) {
            JsonNode r = f.restore("--keep", "--tables", "tracking.stations,tracking.couriers,tracking.tracking_events");

            assertThat(r.get("skippedForeignKeys").toString()).contains("tracking_events").contains("tracking.shipments")
                    .doesNotContain("couriers_home_station");
            assertThat(r.get("tablesLeftOut").toString()).contains("tracking.shipments")
                    .contains("tracking.delivery_proofs").doesNotContain("tracking_events_");
            JdbcUrl restored = f.scratchServer.withDatabase(r.get("database").asString());
            try (Connection c = PgConnections.open(restored, "test"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM tracking.tracking_events),"
                            + " (SELECT count(*) FROM tracking.shipments)")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
                assertThat(rs.getLong(2)).isZero();
            }
        }
    }
}

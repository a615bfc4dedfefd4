package io.drkit.cli.restore;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.BackgroundTraffic;
import io.drkit.tracking.SimulationStats;
import tools.jackson.databind.JsonNode;

/**
 * Incremental points read from logical decoding, under the tracking simulator's live traffic
 * (scans, status updates, new shipments, cancellations that delete rows). The source as it stood at
 * a point is captured independently of drkit, with pg_dump, while the traffic is paused around the
 * point; a restore of the point must give exactly that. Points taken while the traffic runs are
 * part of the chains too.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class IncrementalChainIT {

    private static final double RATE = 40;

    @TempDir
    Path dir;

    @Test
    void eachPointAndEachMomentBetweenRestoresAsTheSourceStoodThen(TestDatabase source, TestDatabase catalog,
            TestDatabase target) throws Exception {
        BackupFixture b = incrementalsOn(BackupFixture.onFiles(source, catalog, dir).seeded(300));
        try (RestoreFixture f = new RestoreFixture(b)) {
            b.init();
            Map<String, SourceCapture> expected = new LinkedHashMap<>();
            BackgroundTraffic traffic = BackgroundTraffic.start(source.url(), RATE);
            b.backup(); // the full point, under traffic
            List<SimulationStats> stats = new ArrayList<>();
            Instant moment = null;
            SourceCapture atMoment = null;
            String underTraffic = null;
            for (int i = 0; i < 3; i++) {
                Thread.sleep(2500);
                // under traffic: not compared with a dump, but verified below, and every later point stands on it
                underTraffic = incremental(b).get("pointId").asString();
                Thread.sleep(2500);
                stats.add(traffic.stop());
                String pointId = incremental(b).get("pointId").asString();
                expected.put(pointId, SourceCapture.of(source));
                traffic = BackgroundTraffic.start(source.url(), RATE);
                if (i == 1) {
                    // a moment between two points: everything committed before it, nothing after
                    Thread.sleep(2000);
                    stats.add(traffic.stop());
                    atMoment = SourceCapture.of(source);
                    // commit times are the server's clock: the moment is read from it too, and the traffic
                    // resumes only once that clock has moved past the moment, so no commit can share it
                    moment = serverNow(source);
                    for (int wait = 0; wait < 1000 && !serverNow(source).isAfter(moment); wait++) {
                        Thread.sleep(1);
                    }
                    assertThat(serverNow(source)).isAfter(moment);
                    traffic = BackgroundTraffic.start(source.url(), RATE);
                }
            }
            stats.add(traffic.stop());
            assertThat(stats.stream().mapToLong(SimulationStats::deletes).sum()).as("the traffic deleted rows").isPositive();
            assertThat(stats.stream().mapToLong(SimulationStats::statusUpdates).sum()).isPositive();

            for (Map.Entry<String, SourceCapture> point : expected.entrySet()) {
                JsonNode r = f.restore("--point", point.getKey(), "--keep");
                assertThatRestored(f.scratchServer.withDatabase(r.get("database").asString()))
                        .as("point %s restored", point.getKey()).isTheSource(point.getValue());
            }
            JsonNode r = f.restore("--time", moment.toString(), "--target-url", target.url().url());
            assertThat(r.get("until").asString()).as("to the millisecond, as every time in the documents")
                    .isEqualTo(io.drkit.cli.json.JsonDocuments.time(moment));
            // sequences are not transactional: they come from the point after the moment, at or past what it used
            assertThatRestored(target).as("the source as it stood at %s", moment)
                    .isTheSourceWithSequencesAtOrPast(atMoment);

            // its digests at the point were read from the source under the point's own snapshot, traffic or not
            DrkitProcess.Result verify = b.drkit("verify", "--restore", "--point", underTraffic);
            assertThat(verify.exitCode()).as(verify.all()).isZero();
            assertThat(verify.stdout()).startsWith("passed: Recovery point " + underTraffic)
                    .containsPattern("(\\d+) of \\1 tables have the rows and content digest of the backup");
        }
    }

    private static Instant serverNow(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static BackupFixture incrementalsOn(BackupFixture b) {
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        return b;
    }

    private static JsonNode incremental(BackupFixture b) {
        DrkitProcess.Result r = b.drkit("backup", "--incremental", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupFixture.JSON.readTree(r.stdout());
    }
}

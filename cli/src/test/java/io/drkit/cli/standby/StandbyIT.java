package io.drkit.cli.standby;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.JsonSchemas;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.cli.drill.PrometheusFile;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.digest.Sha256;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.BackgroundTraffic;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A standby fed from the repository, under the tracking simulator's traffic. The source as it stood
 * at each point is captured with pg_dump while the traffic pauses around the point (as the chain
 * tests do); the standby must be exactly that after it applies the point.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class StandbyIT {

    private static final double RATE = 40;
    static final String LEDGER = "drkit_standby";

    @TempDir
    Path dir;

    @Test
    void haltedWhileFollowingResumesWithoutApplyingTwiceAndStopsAtATamperedPoint(TestDatabase source, TestDatabase catalog,
            TestDatabase target) throws Exception {
        BackupFixture b = fixture(source, catalog, dir);
        b.init();
        b.backup();
        SourceCapture atFull = SourceCapture.of(source);
        DrkitProcess.Result first = b.drkit("standby", "--target-url", target.url().url());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThatRestored(target).ignoringSchema(LEDGER).as("the standby at the full point").isTheSource(atFull);
        assertThat(readOnlyForOthers(target)).as("new sessions of the standby are read-only").isTrue();

        String p1 = incrementalAfterTraffic(b);
        SourceCapture at1 = SourceCapture.of(source);
        String p2 = incrementalAfterTraffic(b);
        SourceCapture at2 = SourceCapture.of(source);

        // killed right after the first point committed, before the catalog heard of it
        DrkitProcess.Result killed = b.drkit(java.util.Map.of("DRKIT_STANDBYFAILPOINTS_HALTAFTERCOMMIT", "true"),
                "standby", "--target-url", target.url().url(), "--follow", "--once");
        assertThat(killed.exitCode()).as(killed.all()).isEqualTo(137);
        assertThatRestored(target).ignoringSchema(LEDGER).as("the standby at %s", p1).isTheSource(at1);
        DrkitProcess.Result resumed = b.drkit("standby", "--target-url", target.url().url(), "--follow", "--once",
                "--json");
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        JsonNode doc = BackupFixture.JSON.readTree(resumed.stdout());
        assertThat(JsonSchemas.problems("standby", doc)).as(resumed.stdout()).isEmpty();
        assertThat(doc.get("pointId").asString()).isEqualTo(p2);
        assertThat(doc.get("appliedPointCount").asInt()).as("the point applied before the kill is not applied again")
                .isEqualTo(1);
        assertThatRestored(target).ignoringSchema(LEDGER).as("the standby at %s", p2).isTheSource(at2);
        assertThat(appliedPoints(target)).containsExactly(p1, p2);
        assertThat(verifiedByStandby(catalog)).contains(p2);

        // a change part altered and its checksum in the manifest made to match: only the content proof sees it
        String p3 = incrementalAfterTraffic(b);
        String p4 = incrementalAfterTraffic(b);
        tamperChanges(b, p3, "tracking.shipments");
        DrkitProcess.Result tampered = b.drkit("standby", "--target-url", target.url().url(), "--follow", "--once");
        assertThat(tampered.exitCode()).as(tampered.all()).isEqualTo(3);
        assertThat(tampered.stderr()).contains("point " + p3).contains("tracking.shipments")
                .doesNotContain("SF0"); // names the table, shows no row
        assertThat(appliedPoints(target)).as("nothing of %s nor of %s after it", p3, p4).containsExactly(p1, p2);
        assertThatRestored(target).ignoringSchema(LEDGER).as("the standby still at %s", p2).isTheSource(at2);
    }

    @Test
    void followsIntoADatabaseItCreatesAndStopsOnSigtermWhereItStands(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = fixture(source, catalog, dir);
        b.init();
        String full = b.backup().get("pointId").asString();
        JdbcUrl missing = source.url().withDatabase(source.url().database() + "_standby");
        Path log = dir.resolve("follower.log");
        Process follower = DrkitProcess.start(b.env, dir, log, "standby", "--target-url", missing.url(), "--follow");
        try {
            awaitStandbyAt(catalog, full, follower, log);
            follower.destroy(); // SIGTERM, as systemd and Kubernetes stop it
            assertThat(follower.waitFor(60, TimeUnit.SECONDS)).as("the follower ends on SIGTERM").isTrue();
            assertThat(follower.exitValue()).as("the JVM's status after SIGTERM: %s", Files.readString(log)).isEqualTo(143);
            assertThat(Files.readString(log)).as("where it stands, not an error").contains("stopped following")
                    .contains("on SIGTERM at point " + full).contains("at point " + full + " (")
                    .doesNotContain("stopped on request (SIGTERM)");
            DrkitProcess.Result again = b.drkit("standby", "--target-url", missing.url(), "--json");
            assertThat(again.exitCode()).as(again.all()).isZero();
            JsonNode doc = BackupFixture.JSON.readTree(again.stdout());
            assertThat(doc.get("pointId").asString()).isEqualTo(full);
            assertThat(doc.get("appliedPointCount").asInt()).as("nothing to apply again").isZero();
        } finally {
            follower.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            try (Connection c = PgConnections.open(source.url().withDatabase("postgres"), "test");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + missing.database() + "\" WITH (FORCE)");
            }
        }
    }

    @Test
    void aPointTakenWithoutDigestsIsCountedThenProvenAtTheNextPointWithDigests(TestDatabase source,
            TestDatabase catalog, TestDatabase target) throws Exception {
        BackupFixture b = fixture(source, catalog, dir);
        b.init();
        b.backup();
        DrkitProcess.Result first = b.drkit("standby", "--target-url", target.url().url());
        assertThat(first.exitCode()).as(first.all()).isZero();

        // a point that only counts rows, altered without changing its count: the count cannot see it
        b.env.put("DRKIT_INCREMENTAL_DIGESTS", "none");
        String counted = incrementalAfterTraffic(b);
        tamperChanges(b, counted, "tracking.shipments");
        // the next point changes nothing, but has digests: it proves what the counted point changed
        DrkitProcess.Result next = b.drkit("backup", "--incremental", "--digests", "--json");
        assertThat(next.exitCode()).as(next.all()).isZero();
        String proving = BackupFixture.JSON.readTree(next.stdout()).get("pointId").asString();

        DrkitProcess.Result r = b.drkit("standby", "--target-url", target.url().url(), "--follow", "--once");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains("point " + proving).contains("tracking.shipments").doesNotContain("SF0");
        assertThat(appliedPoints(target)).as("%s applied on its row counts, %s not", counted, proving)
                .containsExactly(counted);
    }

    @Test
    void rebuildsForANewChainWithoutItsNameMissingThenPromotes(TestDatabase source, TestDatabase catalog,
            TestDatabase target) throws Exception {
        BackupFixture b = fixture(source, catalog, dir);
        b.init();
        b.backup();
        String p1 = incrementalAfterTraffic(b);
        Path log = dir.resolve("follower.log");
        Process follower = DrkitProcess.start(b.env, dir, log, "standby", "--target-url", target.url().url(), "--follow");
        try {
            awaitStandbyAt(catalog, p1, follower, log);
            NameWatch watch = NameWatch.start(target.url());
            b.backup(); // a new chain
            String q1 = incrementalAfterTraffic(b);
            SourceCapture atQ1 = SourceCapture.of(source);
            awaitStandbyAt(catalog, q1, follower, log);
            List<String> gaps = watch.stop();
            assertThat(watch.polls).as("the watch polled throughout the rebuild").isGreaterThan(10);
            assertThat(gaps).as("moments the standby's name was missing or could not be connected to twice in a row")
                    .isEmpty();
            assertThatRestored(target).ignoringSchema(LEDGER).as("the rebuilt standby at %s", q1).isTheSource(atQ1);
            assertThat(readOnlyForOthers(target)).isTrue();

            // a failover drill promotes a copy, never the standby, and the follower goes on afterwards
            Path metrics = dir.resolve("metrics");
            DrkitProcess.Result failover = b.drkit(java.util.Map.of("DRKIT_STANDBY_TARGETURL", target.url().url(),
                    "DRKIT_METRICS_TEXTFILE_DIRECTORY", metrics.toString()), "drill", "--failover", "--json");
            assertThat(failover.exitCode()).as(failover.all()).isZero();
            JsonNode drill = BackupFixture.JSON.readTree(failover.stdout());
            assertThat(JsonSchemas.problems("drill-failover", drill)).as(failover.stdout()).isEmpty();
            assertThat(drill.get("pointId").asString()).isEqualTo(q1);
            assertThat(drill.get("rtoSeconds").asDouble()).isPositive()
                    .isGreaterThanOrEqualTo(drill.get("copySeconds").asDouble());
            assertThat(drill.get("copyDatabase").asString()).isNotEqualTo(target.url().database());
            assertFailoverWrittenUp(drill, catalog, metrics, dir);
            assertThat(readOnlyForOthers(target)).as("the standby itself is not promoted").isTrue();
            assertThat(follower.isAlive()).as(Files.readString(log)).isTrue();

            DrkitProcess.Result promoted = b.drkit("standby", "--promote", "--target-url", target.url().url(),
                    "--max-lag", "1h");
            assertThat(promoted.exitCode()).as(promoted.all()).isZero();
            assertThat(promoted.stdout()).contains("promoted").contains("RPO").contains("promotion took");
            assertThat(follower.waitFor(60, TimeUnit.SECONDS)).as("the follower noticed the promotion").isTrue();
            assertThat(follower.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            follower.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(readOnlyForOthers(target)).as("promoted: writable").isFalse();
        assertThatRestored(target).as("promoted: the source at its last point, ledger gone").isTheSource(
                SourceCapture.of(source));
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            // new rows take keys from the restored sequences, past every restored one
            s.execute("INSERT INTO tracking.couriers (name, phone, home_station, hired) "
                    + "SELECT 'new', '0', code, current_date FROM tracking.stations LIMIT 3");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tracking.couriers WHERE name = 'new'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
        }
    }

    /** The failover drill's report, its row in the drill history and its metrics: the same figures in each. */
    private static void assertFailoverWrittenUp(JsonNode drill, TestDatabase catalog, Path metrics, Path workDir)
            throws Exception {
        Path html = workDir.resolve(drill.get("report").get("localHtml").asString());
        JsonNode report = BackupFixture.JSON.readTree(Files.readString(Path.of(html.toString().replace(".html", ".json"))));
        assertThat(report.get("kind").asString()).isEqualTo("failover-drill");
        assertThat(report.get("verdict").asString()).isEqualTo("passed");
        assertThat(report.get("points").get(0).get("id").asString()).isEqualTo(drill.get("pointId").asString());
        assertThat(report.get("failover").get("rtoMillis").asLong() / 1000.0).isEqualTo(drill.get("rtoSeconds").asDouble());
        assertThat(report.get("failover").get("standbyDatabase").asString())
                .isEqualTo(drill.get("standbyDatabase").asString());
        assertThat(Files.readString(html)).contains("Failover RTO").contains("Restore RTO of the latest restore drill")
                .contains("drkit standby --promote").doesNotContain("password");
        try (Connection c = catalog.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT kind, rto_ms, report_id FROM drkit_drill ORDER BY declared_at DESC LIMIT 1")) {
            assertThat(rs.next()).as("the failover drill is in the drill history").isTrue();
            assertThat(rs.getString(1)).isEqualTo("failover");
            assertThat(rs.getLong(2)).isEqualTo(report.get("failover").get("rtoMillis").asLong());
            assertThat(rs.getString(3)).isEqualTo(drill.get("report").get("reportId").asString());
        }
        Map<String, Double> figures = PrometheusFile.gauges(metrics.resolve("drkit_failover_drill.prom"), "failover-drill");
        assertThat(figures.get("drkit_rto_seconds")).isEqualTo(drill.get("rtoSeconds").asDouble());
        assertThat(figures.get("drkit_rpo_seconds")).isEqualTo(drill.get("rpoSeconds").asDouble());
        assertThat(figures.get("drkit_last_run_exit_code")).isZero();
    }

    static BackupFixture fixture(TestDatabase source, TestDatabase catalog, Path dir) {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(300);
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_RESTORE_PARALLELISM", "2");
        b.env.put("DRKIT_STANDBY_POLL", "1s");
        return b;
    }

    /** Traffic for a moment, paused, then an incremental point: the source stands still at it. */
    static String incrementalAfterTraffic(BackupFixture b) throws Exception {
        BackgroundTraffic traffic = BackgroundTraffic.start(b.source.url(), RATE);
        Thread.sleep(1500);
        traffic.stop();
        DrkitProcess.Result r = b.drkit("backup", "--incremental", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupFixture.JSON.readTree(r.stdout()).get("pointId").asString();
    }

    static boolean readOnlyForOthers(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW default_transaction_read_only")) {
            rs.next();
            return rs.getString(1).equals("on");
        }
    }

    static List<String> appliedPoints(TestDatabase db) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT point_id FROM " + LEDGER + ".applied ORDER BY point_time")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids.subList(1, ids.size()); // the first is the point the standby was restored at
    }

    static List<String> verifiedByStandby(TestDatabase catalog) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = catalog.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT point_id FROM drkit_verified_point WHERE verified_by = 'standby'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    static void awaitStandbyAt(TestDatabase catalog, String pointId, Process follower, Path log)
            throws Exception {
        for (int i = 0; i < 1200; i++) {
            try (Connection c = catalog.connect(); PreparedStatement p = c.prepareStatement(
                    "SELECT 1 FROM drkit_standby WHERE point_id = ?")) {
                p.setString(1, pointId);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            } catch (SQLException notYet) {
                // the catalog's tables come with the follower's first run
            }
            assertThat(follower.isAlive()).as("the follower runs: " + Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the standby did not reach " + pointId + " within 2 minutes: " + Files.readString(log));
    }

    /**
     * Alters one value of a row's last change in {@code table}'s change part (the row count stays),
     * re-encodes the part and writes its new size and SHA-256 into the manifest.
     */
    static void tamperChanges(BackupFixture b, String pointId, String table) throws Exception {
        Path repo = Path.of(URI.create(b.repository));
        Path manifestFile = repo.resolve("points").resolve(pointId).resolve("manifest.json");
        ObjectNode manifest = (ObjectNode) BackupFixture.JSON.readTree(Files.readString(manifestFile));
        ObjectNode part = null;
        for (JsonNode p : manifest.get("changes").get("parts")) {
            if (p.get("table").asString().equals(table)) {
                part = (ObjectNode) p;
            }
        }
        assertThat(part).as("point %s has changes of %s", pointId, table).isNotNull();
        Path object = repo.resolve(part.get("key").asString());
        Codec codec = new Codec(Compression.of(manifest.get("codec").get("compression").asString()), 3, null);
        String text;
        try (InputStream in = codec.decode(Files.newInputStream(object), false, "part")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\n", -1);
        // the last change of a row decides it: alter a row's final version, found from the end
        java.util.Set<String> laterKeys = new java.util.HashSet<>();
        boolean altered = false;
        for (int i = lines.length - 1; i >= 0 && !altered; i--) {
            String[] fields = lines[i].split("\t", -1);
            // lsn, seq, committed, op, unchanged, waybill, sender_name, ...
            if (fields.length > 6 && !fields[3].equals("D") && !laterKeys.contains(fields[5])
                    && !fields[6].equals("\\N")) {
                fields[6] = fields[6] + "x";
                lines[i] = String.join("\t", fields);
                altered = true;
            }
            if (fields.length > 5) {
                laterKeys.add(fields[5]);
            }
        }
        assertThat(altered).isTrue();
        byte[] plain = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (OutputStream out = codec.encode(encoded)) {
            new ByteArrayInputStream(plain).transferTo(out);
        }
        byte[] stored = encoded.toByteArray();
        Files.write(object, stored);
        part.put("bytes", stored.length);
        part.put("copyBytes", plain.length);
        part.put("sha256", Sha256.hex(stored));
        Files.writeString(manifestFile, BackupFixture.JSON.writeValueAsString(manifest));
    }

    /**
     * Polls from its own thread, on the maintenance database, that the standby's name is in
     * pg_database, and connects to the standby itself. A session that connects while the swap's
     * renames wait to commit is refused once ("just been dropped or renamed"); a gap is a name
     * missing, or a second refusal in a row.
     */
    private static final class NameWatch {

        private final JdbcUrl standby;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> gaps = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread thread;
        volatile int polls;

        private NameWatch(JdbcUrl standby) {
            this.standby = standby;
            this.thread = new Thread(this::watch, "standby-name-watch");
        }

        static NameWatch start(JdbcUrl standby) {
            NameWatch w = new NameWatch(standby);
            w.thread.start();
            return w;
        }

        private void watch() {
            JdbcUrl admin = standby.withDatabase("postgres");
            try (Connection c = PgConnections.open(admin, "watch");
                    PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                p.setString(1, standby.database());
                while (running.get()) {
                    try (ResultSet rs = p.executeQuery()) {
                        if (!rs.next()) {
                            gaps.add("name missing at poll " + polls);
                        }
                    }
                    if (!connects() && !connects()) {
                        gaps.add("cannot connect twice in a row at poll " + polls);
                    }
                    polls++;
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                gaps.add("watch failed: " + e);
            }
        }

        private boolean connects() {
            try (Connection c = PgConnections.open(standby, "watch"); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return true;
            } catch (RuntimeException | SQLException e) {
                return false;
            }
        }

        List<String> stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            return gaps;
        }
    }
}

package io.drkit.cli.drill;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.BackgroundTraffic;
import tools.jackson.databind.JsonNode;

/**
 * {@code drkit drill} and {@code drkit status} against targets: a point taken, a known interval of
 * live traffic, then the drill. Its RTO is within a stopwatch around the drill's process, each phase
 * within the RTO; its RPO is that interval, and in rows: the drilled database (kept) holds what was
 * committed before the point, as pg_dump saw the source then, and nothing committed after. A missed
 * target is exit 4 and said with by how much; the metrics file holds the last run's figures.
 */
@ExtendWith(RealServices.class)
class DrillIT {

    static final Path TRACKING_CONFIG = Path.of("..", "config", "tracking.yml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private BackupFixture b;
    private Path metrics;

    @BeforeEach
    void backUp(TestDatabase source, TestDatabase catalog) {
        b = BackupFixture.onFiles(source, catalog, dir).seeded(400);
        metrics = dir.resolve("metrics");
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.env.put("DRKIT_METRICS_TEXTFILE_DIRECTORY", metrics.toString());
        b.init();
    }

    @Test
    void theRtoFitsAStopwatchAroundTheDrillAndTheRpoIsWhatWasCommittedSinceThePoint() throws Exception {
        mark("RPB01"); // committed before the point
        // nothing writes to the source between this capture and the backup: it is the point's content
        SourceCapture atPoint = SourceCapture.of(b.source);
        JsonNode point = b.backup();
        mark("RPA01"); // committed after the point: lost in the disaster
        Instant pointTime = Instant.parse(point.get("time").asString());
        // the disaster comes a known interval after the point, while couriers keep scanning
        Instant disaster = Instant.now().plusSeconds(3);
        Duration interval = Duration.between(pointTime, disaster);
        try (BackgroundTraffic traffic = BackgroundTraffic.start(b.source.url(), 40)) {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), disaster).toMillis()));
            assertThat(traffic.stop().events()).as("scans written while waiting").isPositive();
        }
        // a stopwatch around the whole drkit process, the JVM's start and end included
        Instant launched = Instant.now();
        long started = System.nanoTime();
        DrkitProcess.Result run = b.drkit("--config", TRACKING_CONFIG.toString(), "drill", "--with-traffic", "20",
                "--keep", "--json");
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + 1;
        Instant ended = Instant.now();

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode r = BackupFixture.JSON.readTree(run.stdout());
        long rto = millis(r.get("rtoSeconds"));
        assertThat(rto).as("RTO against the %d ms the drill process took", wallMillis).isPositive()
                .isLessThanOrEqualTo(wallMillis);
        r.get("phasesSeconds").properties().forEach(phase -> assertThat(millis(phase.getValue()))
                .as("phase %s within the RTO", phase.getKey()).isBetween(0L, rto));
        rowsCommittedBeforeThePointOnly(keptDatabase(run), atPoint);
        assertThat(r.get("verdict").asString()).isEqualTo("passed");
        assertThat(r.get("summary").asString()).doesNotContain("No business checks");
        assertThat(r.get("pointId").asString()).isEqualTo(point.get("pointId").asString());
        assertThat(r.get("pointChoice").asString()).isEqualTo("newest");
        // declared when the drill's JVM started: after the launch, before its end (milliseconds, rounded down)
        assertThat(millis(r.get("rpoSeconds"))).as("RPO against the interval of " + interval.toMillis() + " ms")
                .isBetween(Duration.between(pointTime, launched).toMillis() - 1,
                        Duration.between(pointTime, ended).toMillis());
        long phases = StreamSupport.stream(r.get("phasesSeconds").spliterator(), false).mapToLong(DrillIT::millis).sum();
        assertThat(rto).isPositive().isEqualTo(phases);
        assertThat(r.get("phasesSeconds").propertyNames()).contains("drill.startUp", "restore.data", "verify.readBack",
                "verify.business", "drill.jobBookkeeping");
        assertThat(r.get("traffic").get("events").asLong()).as("scans written during the drill").isPositive();
        assertThat(r.get("misses")).isEmpty();
        // a point taken without tiers has no serving moment: absent, and said so, not 0
        assertThat(r.get("rtoServingSeconds").isNull()).isTrue();
        assertThat(r.get("serving").isNull()).isTrue();
        assertThat(r.get("summary").asString()).contains("there is no RTO to serving");

        Map<String, Double> figures = PrometheusFile.gauges(metrics.resolve("drkit_drill.prom"), "drill");
        assertThat(figures).doesNotContainKey("drkit_drill_rto_serving_seconds");
        assertThat(figures.get("drkit_rto_seconds")).as("the same figure in the same unit").isEqualTo(r.get("rtoSeconds").asDouble());
        assertThat(figures.get("drkit_rpo_seconds")).isEqualTo(r.get("rpoSeconds").asDouble());
        assertThat(figures.get("drkit_rpo_target_seconds")).isEqualTo(900.0);
        assertThat(figures.get("drkit_last_run_exit_code")).isZero();
        assertThat(figures.get("drkit_verification_failures")).isZero();
        assertThat(figures.get("drkit_last_success_timestamp_seconds"))
                .isCloseTo(Instant.now().getEpochSecond(), within(120.0));
        assertThat(figures.get("drkit_rows")).isPositive();
        assertThat(PrometheusFile.gauges(metrics.resolve("drkit_full_backup.prom"), "full-backup"))
                .containsKeys("drkit_read_bytes", "drkit_stored_bytes", "drkit_rows", "drkit_last_success_timestamp_seconds");

        // the repository spelt with a trailing slash is the same repository: same points, same history
        DrkitProcess.Result status = b.drkit(Map.of("DRKIT_REPOSITORY", b.repository + "/"), "status", "--json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode s = BackupFixture.JSON.readTree(status.stdout());
        JsonNode stored = BackupFixture.JSON.readTree(Files.readString(
                Path.of(r.get("report").get("localHtml").asString().replace(".html", ".json"))));
        assertThat(stored.get("repository").asString()).as("the report names the repository as status does")
                .isEqualTo(s.get("repository").asString());
        // and the database it is about, as the server itself knows it, and the server the drill restored on
        JsonNode source = stored.get("servers").get("source");
        try (var c = b.source.connect(); var q = c.createStatement();
                var rs = q.executeQuery("SELECT system_identifier::text, current_database(), "
                        + "current_setting('server_version') FROM pg_control_system()")) {
            rs.next();
            assertThat(source.get("systemIdentifier").asString()).isEqualTo(rs.getString(1));
            assertThat(source.get("database").asString()).isEqualTo(rs.getString(2));
            assertThat(source.get("serverVersion").asString()).isEqualTo(rs.getString(3));
        }
        assertThat(source.get("host").asString()).isEqualTo(b.source.url().host() + ":" + b.source.url().port());
        assertThat(stored.get("servers").get("restoreServer").asString()).isEqualTo(source.get("host").asString());
        assertThat(Files.readString(Path.of(r.get("report").get("localHtml").asString())))
                .contains("system identifier <code>" + source.get("systemIdentifier").asString() + "</code>");
        assertThat(s.get("rpoMet").asBoolean()).isTrue();
        assertThat(s.get("verifiedPointId").asString()).as("the drill proved the point").isEqualTo(r.get("pointId").asString());
        assertThat(s.get("lastDrill").get("rtoSeconds").asDouble()).isEqualTo(r.get("rtoSeconds").asDouble());
        assertThat(job(s, "full-backup").get("lastSuccess").isNull()).isFalse();
        assertThat(job(s, "drill").get("lastSuccess").isNull()).isFalse();
        assertThat(job(s, "drill").get("lastFailure").isNull()).isTrue();
    }

    @Test
    void missedTargetsAreExit4AndSayWhichAndByHowMuch() throws Exception {
        mark("RPB01");
        SourceCapture atFirst = SourceCapture.of(b.source);
        String first = b.backup().get("pointId").asString();
        mark("RPM01"); // after the first point, in the second
        String second = b.backup().get("pointId").asString();
        DrkitProcess.Result loose = b.drkit(Map.of("DRKIT_TARGETS_RPO", "1h", "DRKIT_TARGETS_RTO", "1h"),
                "drill", "--point", first, "--keep", "--json");
        assertThat(loose.exitCode()).as(loose.all()).isZero();
        JsonNode l = BackupFixture.JSON.readTree(loose.stdout());
        assertThat(l.get("pointChoice").asString()).isEqualTo("named");
        assertThat(l.get("pointId").asString()).isEqualTo(first);
        assertThat(l.get("newestPointId").asString()).as("the RPO is the newest point's").isEqualTo(second);
        mark("RPA01");
        rowsCommittedBeforeThePointOnly(keptDatabase(loose), atFirst);
        assertThat(l.get("summary").asString()).as("run without a configuration file")
                .contains("No business checks are configured (drkit.verify.checks)");

        // under the other spelling of the repository, the drill sees the same points
        DrkitProcess.Result tight = b.drkit(Map.of("DRKIT_TARGETS_RTO", "1ms", "DRKIT_REPOSITORY", b.repository + "/"),
                "drill", "--point", "random", "--json");

        assertThat(tight.exitCode()).as(tight.all()).isEqualTo(4);
        JsonNode t = BackupFixture.JSON.readTree(tight.stdout());
        assertThat(t.get("verdict").asString()).isEqualTo("failed");
        assertThat(t.get("pointChoice").asString()).isEqualTo("random");
        assertThat(t.get("pointId").asString()).isIn(first, second);
        assertThat(databaseExists(b.source, "drkit_" + t.get("pointId").asString().toLowerCase(java.util.Locale.ROOT)
                .replace('-', '_'))).as("a drill without --keep drops its scratch database").isFalse();
        assertThat(t.get("misses")).hasSize(1);
        JsonNode miss = t.get("misses").get(0);
        assertThat(miss.get("figure").asString()).isEqualTo("RTO");
        assertThat(millis(miss.get("targetSeconds"))).isEqualTo(1);
        assertThat(millis(miss.get("overBySeconds"))).isEqualTo(millis(t.get("rtoSeconds")) - 1);
        Path report = Path.of(t.get("report").get("localHtml").asString().replace(".html", ".json"));
        JsonNode stored = BackupFixture.JSON.readTree(Files.readString(report));
        assertThat(stored.get("kind").asString()).isEqualTo("drill");
        assertThat(stored.get("drill").get("misses").get(0).get("overByMillis").asLong())
                .isEqualTo(millis(miss.get("overBySeconds")));
        assertThat(stored.get("problems").get(0).asString()).startsWith("RTO ").contains("missed its target of 1 ms by");
        assertThat(stored.get("drill").get("runbook").toString()).contains("drkit restore --point " + t.get("pointId").asString());
        assertThat(Files.readString(Path.of(t.get("report").get("localHtml").asString())))
                .contains("MISSED by").contains("Runbook");

        Map<String, Double> figures = PrometheusFile.gauges(metrics.resolve("drkit_drill.prom"), "drill");
        assertThat(figures.get("drkit_last_run_exit_code")).isEqualTo(4.0);
        assertThat(figures.get("drkit_rto_target_seconds")).isEqualTo(0.001);
        assertThat(figures.get("drkit_last_success_timestamp_seconds")).as("the loose drill's success stands")
                .isLessThan(figures.get("drkit_last_failure_timestamp_seconds"));

        DrkitProcess.Result status = b.drkit(Map.of("DRKIT_TARGETS_RPO", "1ms"), "status");
        assertThat(status.exitCode()).as(status.all()).isEqualTo(4);
        assertThat(status.stdout()).contains("MISSES its target of 1 ms").contains("last drill");
    }

    @Test
    void aPointThatRottedFailsTheDrillWithExit3AndTheDrillIsKept() throws Exception {
        String pointId = b.backup().get("pointId").asString();
        b.damagePart(pointId, "tracking.shipments");

        DrkitProcess.Result run = b.drkit("drill", "--json");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        JsonNode r = BackupFixture.JSON.readTree(run.stdout());
        assertThat(r.get("verdict").asString()).isEqualTo("failed");
        assertThat(r.get("rtoSeconds").isNull()).as("never restored, so no RTO").isTrue();
        assertThat(r.get("problems").get(0).asString()).startsWith("the restore did not finish")
                .contains("tracking.shipments").contains("its scratch database is dropped")
                .doesNotContain("run the same command");
        assertThat(r.get("report").get("localHtml").asString()).endsWith(".html");
        DrkitProcess.Result status = b.drkit("status", "--json");
        JsonNode s = BackupFixture.JSON.readTree(status.stdout());
        assertThat(s.get("verifiedPointId").isNull()).as("nothing was proven").isTrue();
        assertThat(s.get("lastDrill").get("verdict").asString()).isEqualTo("failed");
        assertThat(job(s, "drill").get("lastFailure").isNull()).isFalse();
        assertThat(PrometheusFile.gauges(metrics.resolve("drkit_drill.prom"), "drill").get("drkit_last_run_exit_code"))
                .isEqualTo(3.0);
    }

    @Test
    void aDrillDoesNotContinueARestoreAKilledDrillLeftButRestoresFromTheStartNorRunsBesideAnother(TestDatabase source)
            throws Exception {
        SourceCapture atPoint = SourceCapture.of(b.source);
        String pointId = b.backup().get("pointId").asString();
        DrkitProcess.Result killed = b.drkit(Map.of("DRKIT_RESTOREFAILPOINTS_HALTAFTERPARTS", "2"), "drill");
        assertThat(killed.exitCode()).as(killed.all()).isEqualTo(137);
        String scratch = "drkit_" + pointId.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        assertThat(databaseExists(source, scratch)).as("what the killed drill left").isTrue();

        DrkitProcess.Result run = b.drkit("drill", "--keep", "--json");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("dropped scratch database " + scratch + ", left by a run that did not finish")
                .doesNotContain("continuing the unfinished restore");
        try {
            assertThatRestored(source.url().withDatabase(scratch)).ignoringExtension("amcheck")
                    .as("the drill after the killed one, against the source").isTheSource(atPoint);
        } finally {
            try (var c = source.connect(); var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            }
        }

        twoDrillsAtOnce(source, scratch);
    }

    /**
     * A first drill is held inside its scratch database, after it took the database's lock: an
     * uncommitted schema of the test's has the name its restore ledger needs. A second drill of the same
     * point then stops at once with exit 5; rolling back lets the first finish.
     */
    private void twoDrillsAtOnce(TestDatabase server, String scratch) throws Exception {
        try (var c = server.connect(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + scratch);
        }
        Path firstLog = dir.resolve("first-drill.log");
        Path secondLog = dir.resolve("second-drill.log");
        try (java.sql.Connection hold = java.sql.DriverManager.getConnection(server.url().withDatabase(scratch).url());
                var s = hold.createStatement()) {
            hold.setAutoCommit(false);
            s.execute("CREATE SCHEMA drkit_restore");
            Process first = DrkitProcess.start(b.env, dir, firstLog, "drill");
            try {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
                while (!waitsOnALock(server, scratch) && first.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(waitsOnALock(server, scratch)).as("the first drill is at work in %s:\n%s", scratch,
                        Files.exists(firstLog) ? Files.readString(firstLog) : "").isTrue();

                Process second = DrkitProcess.start(b.env, dir, secondLog, "drill");
                try {
                    assertThat(second.waitFor(2, java.util.concurrent.TimeUnit.MINUTES))
                            .as("refused, not waiting for the first").isTrue();
                } finally {
                    second.destroyForcibly();
                }
                String refused = Files.readString(secondLog);
                assertThat(second.exitValue()).as(refused).isEqualTo(5);
                assertThat(refused).contains("another run holds the lock on restore ").contains(scratch);
                assertThat(first.isAlive()).as("the first drill is untouched by the second").isTrue();
            } finally {
                hold.rollback();
            }
            assertThat(first.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            assertThat(first.exitValue()).as(Files.readString(firstLog)).isZero();
        } finally {
            try (var c = server.connect(); var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            }
        }
    }

    /** Whether a session waits on a lock in the database (asked on a connection of its own). */
    private static boolean waitsOnALock(TestDatabase server, String database) throws Exception {
        try (var c = server.connect(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static boolean databaseExists(TestDatabase server, String name) throws Exception {
        try (var c = server.connect(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            return rs.next();
        }
    }

    /**
     * The RPO in rows: the drilled (kept) database holds what was committed before the point and
     * nothing committed after it, as the source stood at the point by pg_dump (less the amcheck
     * extension verification adds); dropped afterwards.
     */
    private void rowsCommittedBeforeThePointOnly(String scratch, SourceCapture atPoint) throws Exception {
        try {
            assertThat(markers(b.source.url().withDatabase(scratch))).as("markers in the drilled database")
                    .contains("RPB01").doesNotContain("RPA01", "RPM01");
            assertThat(markers(b.source.url())).as("the source has them").contains("RPB01", "RPA01");
            assertThatRestored(b.source.url().withDatabase(scratch)).ignoringExtension("amcheck")
                    .as("the drilled database against the source at the point").isTheSource(atPoint);
        } finally {
            try (var c = b.source.connect(); var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            }
        }
    }

    /**
     * A committed row with a known key, in a table of its own: the simulator's tables hold rows it
     * reads back and would trip on a stranger.
     */
    private void mark(String key) throws Exception {
        try (var c = b.source.connect(); var s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tracking.rpo_markers (marker text PRIMARY KEY)");
            s.execute("INSERT INTO tracking.rpo_markers VALUES ('" + key + "')");
        }
    }

    private static java.util.List<String> markers(JdbcUrl db) throws Exception {
        java.util.List<String> keys = new java.util.ArrayList<>();
        try (var c = PgConnections.open(db, "test"); var s = c.createStatement();
                var rs = s.executeQuery("SELECT marker FROM tracking.rpo_markers ORDER BY marker")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /** The scratch database the drill says it restored into, and kept ({@code --keep}). */
    private static String keptDatabase(DrkitProcess.Result drill) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("into (?:scratch )?database (\\w+)").matcher(drill.stderr());
        assertThat(m.find()).as("the drill names its database: %s", drill.stderr()).isTrue();
        return m.group(1);
    }

    private static JsonNode job(JsonNode status, String name) {
        return StreamSupport.stream(status.get("jobs").spliterator(), false)
                .filter(j -> j.get("job").asString().equals(name)).findFirst().orElseThrow();
    }

    /** A duration of the documents (seconds, to the millisecond) in milliseconds. */
    static long millis(JsonNode seconds) {
        return Math.round(seconds.asDouble() * 1000);
    }
}

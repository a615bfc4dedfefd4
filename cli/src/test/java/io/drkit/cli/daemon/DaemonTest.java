package io.drkit.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * Two daemons started together against one catalog, with verification scheduled every minute and a
 * run missed while no daemon was up: both reach for the missed run at once and it runs once between
 * them (Spring Batch's own history counts the runs), as does any minute's run that comes while they
 * are up; the health endpoint shows the scheduler and the RPO; SIGTERM stops both.
 */
@ExtendWith(RealServices.class)
class DaemonTest {

    @TempDir
    Path dir;

    @Test
    void twoDaemonsRunEachScheduledRunOnceBetweenThem(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.init();
        b.backup();
        // the last run any daemon took was two hours ago: the one due since was missed
        try (Connection c = catalog.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO drkit_schedule_run (job, fire_time, host, pid, started_at, finished_at, exit_code) "
                    + "VALUES ('verify', now() - interval '2 hours', 'elsewhere', 1, now() - interval '2 hours', "
                    + "now() - interval '2 hours', 0)");
        }
        Map<String, String> env = new HashMap<>(b.env);
        env.putAll(Map.of("DRKIT_SCHEDULES_FULL_BACKUP", "", "DRKIT_SCHEDULES_VERIFY_RESTORE", "", "DRKIT_SCHEDULES_DRILL", "",
                "DRKIT_SCHEDULES_PRUNE", "", "DRKIT_SCHEDULES_VERIFY", "* * * * *"));
        int portA = freePort();
        int portB = freePort();
        Instant started = Instant.now();
        Path logA = dir.resolve("daemon-a.log");
        Path logB = dir.resolve("daemon-b.log");
        Process a = DrkitProcess.start(with(env, "DRKIT_DAEMON_PORT", portA), dir, logA, "daemon");
        Process b2 = DrkitProcess.start(with(env, "DRKIT_DAEMON_PORT", portB), dir, logB, "daemon");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (succeededRunsSince(catalog, started) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(succeededRunsSince(catalog, started)).as("the missed run, finished within the time allowed; "
                    + "daemon output:\n%s\n%s", Files.readString(logA), Files.readString(logB)).isPositive();
            JsonNode health = health(portA);
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.get("components").get("scheduler").get("status").asString()).isEqualTo("UP");
            assertThat(health.get("components").get("scheduler").get("details").get("jobs").get(0).get("job").asString())
                    .isEqualTo("verify");
            assertThat(health.get("components").get("rpo").get("status").asString()).isEqualTo("UP");
        } finally {
            a.destroy();
            b2.destroy();
        }
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).as("SIGTERM stops the daemon").isTrue();
        assertThat(b2.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // a fire time that came while the other daemon's run of it was still going is claimed but refused
        // by the job's lock (exit 5): only runs that ran to the end count, and no two ever overlapped
        try (Connection c = catalog.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM drkit_schedule_run WHERE job = 'verify' "
                        + "AND exit_code = 0 AND started_at >= now() - interval '10 minutes'), "
                        + "(SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i "
                        + "ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'verifyObjects' "
                        + "AND e.status = 'COMPLETED'), "
                        + "(SELECT count(*) FROM batch_job_execution x JOIN batch_job_execution y "
                        + "ON x.job_execution_id < y.job_execution_id AND x.start_time < coalesce(y.end_time, now()) "
                        + "AND y.start_time < coalesce(x.end_time, now()) JOIN batch_job_instance i "
                        + "ON i.job_instance_id = x.job_instance_id JOIN batch_job_instance j "
                        + "ON j.job_instance_id = y.job_instance_id "
                        + "WHERE i.job_name = 'verifyObjects' AND j.job_name = 'verifyObjects')")) {
            rs.next();
            assertThat(rs.getLong(2)).as("verifications that ran, against scheduled runs that succeeded")
                    .isEqualTo(rs.getLong(1));
            assertThat(rs.getLong(3)).as("verifications that overlapped").isZero();
        }
    }

    @Test
    void aPortInUseIsASettingToChange(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            DrkitProcess.Result r = DrkitProcess.run(with(Map.of("DRKIT_REPOSITORY", b.repository,
                    "DRKIT_CATALOG_URL", catalog.url().url(), "DRKIT_SCHEDULES_VERIFY", "* * * * *"), "DRKIT_DAEMON_PORT",
                    taken.getLocalPort()), dir, "daemon");
            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr()).contains("its port is in use; set DRKIT_DAEMON_PORT");
        }
    }

    @Test
    void itsHealthIsDownWhenTheRpoMissesItsTarget(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        b.init();
        String pointId = b.backup().get("pointId").asString();
        int port = freePort();
        Map<String, String> env = new HashMap<>(b.env);
        env.putAll(Map.of("DRKIT_SCHEDULES_FULL_BACKUP", "", "DRKIT_SCHEDULES_VERIFY_RESTORE", "", "DRKIT_SCHEDULES_DRILL", "",
                "DRKIT_SCHEDULES_PRUNE", "", "DRKIT_SCHEDULES_VERIFY", "0 3 1 1 *", "DRKIT_TARGETS_RPO", "1ms",
                "DRKIT_DAEMON_PORT", Integer.toString(port)));
        Path log = dir.resolve("daemon.log");
        Process daemon = DrkitProcess.start(env, dir, log, "daemon");
        try {
            // the endpoint listens a moment before the scheduler starts, and says so; wait for it to schedule
            HttpResponse<String> r = null;
            JsonNode health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while ((health == null || !health.get("components").get("scheduler").get("status").asString().equals("UP"))
                    && daemon.isAlive() && System.nanoTime() < deadline) {
                try {
                    r = get(port);
                    health = BackupFixture.JSON.readTree(r.body());
                } catch (java.io.IOException notYetListening) {
                    // polled again below
                }
                Thread.sleep(200);
            }
            assertThat(health).as("the health endpoint answered; daemon output:\n%s", Files.readString(log)).isNotNull();
            assertThat(health.get("components").get("scheduler").get("status").asString()).isEqualTo("UP");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(health.get("components").get("rpo").get("status").asString()).isEqualTo("DOWN");
            assertThat(health.get("components").get("rpo").get("details").get("newestPointId").asString()).isEqualTo(pointId);
        } finally {
            daemon.destroy();
        }
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private static long succeededRunsSince(TestDatabase catalog, Instant since) throws Exception {
        try (Connection c = catalog.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM drkit_schedule_run WHERE job = 'verify' "
                        + "AND exit_code = 0 AND started_at >= '" + since + "'::timestamptz - interval '5 seconds'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // the catalog's tables are created by the first daemon
        }
    }

    private static JsonNode health(int port) throws Exception {
        HttpResponse<String> r = get(port);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return BackupFixture.JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(int port) throws java.io.IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> with(Map<String, String> env, String key, int value) {
        Map<String, String> all = new HashMap<>(env);
        all.put(key, Integer.toString(value));
        return all;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

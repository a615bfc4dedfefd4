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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * Two daemons started together against one catalog, with verification scheduled every minute and
 * runs missed while no daemon was up: both reach for the missed run at once and it runs once between
 * them (Spring Batch's own history counts the runs), as does each minute's run that comes while they
 * are up, never two at once; each daemon's health endpoint shows its scheduler and the RPO; SIGTERM
 * stops both (exit 143).
 */
@ExtendWith(RealServices.class)
class DaemonIT {

    @TempDir
    Path dir;

    @Test
    void twoDaemonsRunEachScheduledRunOnceBetweenThem(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.init();
        b.backup();
        // the last run any daemon took was two hours ago: the ones due since were missed
        try (Connection c = catalog.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO drkit_schedule_run (job, fire_time, host, pid, started_at, finished_at, exit_code) "
                    + "VALUES ('verify', date_trunc('minute', now()) - interval '2 hours', 'elsewhere', 1, "
                    + "now() - interval '2 hours', now() - interval '2 hours', 0)");
        }
        Map<String, String> env = new HashMap<>(b.env);
        env.putAll(Map.of("DRKIT_SCHEDULES_FULL_BACKUP", "", "DRKIT_SCHEDULES_VERIFY_RESTORE", "", "DRKIT_SCHEDULES_DRILL", "",
                "DRKIT_SCHEDULES_PRUNE", "", "DRKIT_SCHEDULES_VERIFY", "* * * * *"));
        int portA = freePort();
        int portB = freePort();
        Path logA = dir.resolve("daemon-a.log");
        Path logB = dir.resolve("daemon-b.log");
        Instant started = Instant.now();
        Process a = DrkitProcess.start(with(env, "DRKIT_DAEMON_PORT", portA), dir, logA, "daemon");
        Process b2 = DrkitProcess.start(with(env, "DRKIT_DAEMON_PORT", portB), dir, logB, "daemon");
        List<Run> runs;
        Instant bothUp;
        try {
            // the missed run, then at least one minute's fire time that came while both were up: counts of
            // runs, however long they take (a fire time refused while a run still held the lock is waited past)
            // fire times after both schedule are seen by both (a daemon slow to start may have missed earlier ones)
            bothUp = awaitBothScheduling(portA, a, portB, b2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
            while ((succeeded(runs(catalog)) < 2 || tickedAfter(runs(catalog), bothUp).isEmpty()) && a.isAlive()
                    && b2.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            runs = runs(catalog);
            assertThat(tickedAfter(runs, bothUp)).as("a fire time run to the end after both daemons scheduled, at %s; "
                    + "runs %s; daemon output:\n%s\n%s", bothUp, runs, Files.readString(logA), Files.readString(logB))
                    .isNotEmpty();
            for (int port : List.of(portA, portB)) {
                JsonNode health = health(port);
                assertThat(health.get("status").asString()).as("daemon on port %s", port).isEqualTo("UP");
                assertThat(health.get("components").get("scheduler").get("status").asString()).isEqualTo("UP");
                assertThat(health.get("components").get("scheduler").get("details").get("jobs").get(0).get("job")
                        .asString()).isEqualTo("verify");
                assertThat(health.get("components").get("rpo").get("status").asString()).isEqualTo("UP");
            }
        } finally {
            a.destroy();
            b2.destroy();
        }
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).as("SIGTERM stops daemon A").isTrue();
        assertThat(b2.waitFor(60, TimeUnit.SECONDS)).as("SIGTERM stops daemon B").isTrue();
        String outA = Files.readString(logA);
        String outB = Files.readString(logB);
        assertThat(a.exitValue()).as("daemon A, ended by SIGTERM:\n%s", outA).isEqualTo(143);
        assertThat(b2.exitValue()).as("daemon B, ended by SIGTERM:\n%s", outB).isEqualTo(143);
        for (String out : List.of(outA, outB)) {
            assertThat(out).contains("daemon: running 1 schedules: verify '* * * * *'")
                    .contains("daemon: stopping; running jobs end where their next run resumes them");
        }

        // The missed runs ran once, as one run, not once per missed fire time: the first fire time after the
        // seeded one is the catch-up, a minute of today, and both daemons reached for it at start-up.
        runs = runs(catalog);
        Run catchUp = runs.get(0);
        assertThat(catchUp.fireTime()).as("one catch-up for two hours of missed minutes; runs %s", runs)
                .isAfterOrEqualTo(started.truncatedTo(ChronoUnit.MINUTES));
        assertThat(catchUp.exitCode()).as("the catch-up run; runs %s", runs).isZero();
        assertThat(outA + outB).contains("verify missed its run of " + catchUp.fireTime() + " while no daemon was up");
        // Each fire time: one row, run by exactly one of the daemons, which says so (db-scheduler hands each
        // execution to one of the schedulers sharing the catalog)
        for (Run r : runs) {
            String startedLine = "verify of " + r.fireTime() + " started";
            assertThat(count(outA, startedLine) + count(outB, startedLine)).as("runs of %s", r).isEqualTo(1);
        }
        assertThat(tickedAfter(runs, bothUp)).as("a fire time that came while both daemons were up").isNotEmpty();
        // as many verifications ran to the end as scheduled runs succeeded, and no two ever overlapped
        try (Connection c = catalog.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i "
                        + "ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'verifyObjects' "
                        + "AND e.status = 'COMPLETED'), "
                        + "(SELECT count(*) FROM batch_job_execution x JOIN batch_job_execution y "
                        + "ON x.job_execution_id < y.job_execution_id AND x.start_time < coalesce(y.end_time, now()) "
                        + "AND y.start_time < coalesce(x.end_time, now()) JOIN batch_job_instance i "
                        + "ON i.job_instance_id = x.job_instance_id JOIN batch_job_instance j "
                        + "ON j.job_instance_id = y.job_instance_id "
                        + "WHERE i.job_name = 'verifyObjects' AND j.job_name = 'verifyObjects')")) {
            rs.next();
            assertThat(rs.getLong(1)).as("verifications that ran, against scheduled runs that succeeded %s", runs)
                    .isEqualTo(succeeded(runs));
            assertThat(rs.getLong(2)).as("verifications that overlapped").isZero();
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
            // Prometheus scrapes the daemon itself: its scheduler, each job's next fire time (1 January, 03:00 UTC)
            HttpResponse<String> scrape = get(port, "/actuator/prometheus");
            assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
            long nextNewYear = ZonedDateTime.now(ZoneOffset.UTC).withDayOfYear(1).plusYears(1)
                    .withHour(3).truncatedTo(ChronoUnit.HOURS).toEpochSecond();
            Matcher next = Pattern.compile(
                    "(?m)^drkit_schedule_next_run_timestamp_seconds\\{drkit_job=\"verify\"\\} (\\S+)$").matcher(scrape.body());
            assertThat(next.find()).as(scrape.body()).isTrue();
            assertThat(Double.parseDouble(next.group(1))).isEqualTo((double) nextNewYear);
            assertThat(scrape.body()).containsPattern("(?m)^drkit_daemon_scheduler_up 1(\\.0)?$")
                    .containsPattern("(?m)^drkit_schedule_running\\{drkit_job=\"verify\"\\} 0(\\.0)?$")
                    .contains("jvm_memory_used_bytes");
        } finally {
            daemon.destroy();
        }
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** One row of the catalog's record of scheduled runs. */
    private record Run(Instant fireTime, Integer exitCode) {}

    /** The verify runs taken since the seeded one, oldest fire time first. */
    private static List<Run> runs(TestDatabase catalog) throws Exception {
        List<Run> runs = new ArrayList<>();
        try (Connection c = catalog.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT fire_time, exit_code FROM drkit_schedule_run WHERE job = 'verify' "
                        + "AND host <> 'elsewhere' ORDER BY fire_time")) {
            while (rs.next()) {
                runs.add(new Run(rs.getTimestamp(1).toInstant(), (Integer) rs.getObject(2)));
            }
        } catch (java.sql.SQLException e) {
            return List.of(); // the catalog's tables are created by the first daemon
        }
        return runs;
    }

    /** Runs that ran to the end, of fire times after {@code since}. */
    private static List<Run> tickedAfter(List<Run> runs, Instant since) {
        return runs.stream().filter(r -> r.fireTime().isAfter(since) && Integer.valueOf(0).equals(r.exitCode())).toList();
    }

    /** The moment both daemons' health shows their scheduler up (bounded wait). */
    private static Instant awaitBothScheduling(int portA, Process a, int portB, Process b) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (a.isAlive() && b.isAlive() && System.nanoTime() < deadline) {
            if (scheduling(portA) && scheduling(portB)) {
                return Instant.now();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("both daemons scheduling within two minutes (alive: " + a.isAlive() + ", " + b.isAlive() + ")");
    }

    private static boolean scheduling(int port) throws InterruptedException {
        try {
            JsonNode health = BackupFixture.JSON.readTree(get(port).body());
            return "UP".equals(health.get("components").get("scheduler").get("status").asString());
        } catch (java.io.IOException | RuntimeException notYet) {
            return false;
        }
    }

    private static long succeeded(List<Run> runs) {
        return runs.stream().filter(r -> Integer.valueOf(0).equals(r.exitCode())).count();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static JsonNode health(int port) throws Exception {
        HttpResponse<String> r = get(port);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return BackupFixture.JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(int port) throws java.io.IOException, InterruptedException {
        return get(port, "/actuator/health");
    }

    private static HttpResponse<String> get(int port, String path) throws java.io.IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
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

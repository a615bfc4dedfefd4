package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.BackgroundTraffic;
import tools.jackson.databind.JsonNode;

/**
 * Incrementals taken continuously under live traffic keep the RPO within a two-minute target: status
 * says so, and a drill of the newest point (an incremental, restored through its chain) confirms it.
 * The flush is 10 s rather than a minute so that the test takes seconds, not minutes.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class IncrementalRpoIT {

    @TempDir
    Path dir;

    @Test
    void continuousIncrementalsUnderTrafficKeepTheRpoWithinTwoMinutesAndADrillConfirmsIt(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(200);
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        b.env.put("DRKIT_TARGETS_RPO", "2m");
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.env.put("DRKIT_METRICS_TEXTFILE_DIRECTORY", dir.toString());
        b.init();
        b.backup();
        BackgroundTraffic traffic = BackgroundTraffic.start(source.url(), 30);
        Path log = dir.resolve("continuous.log");
        Process continuous = DrkitProcess.start(b.env, dir, log, "backup", "--incremental", "--continuous", "--flush", "10s");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (incrementals(b) < 3 && continuous.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            assertThat(incrementals(b)).as("points closed every 10 s: " + Files.readString(log)).isGreaterThanOrEqualTo(3);
            assertThat(Files.readString(dir.resolve("drkit_incremental_backup.prom")))
                    .as("a running --continuous publishes each point's metrics")
                    .contains("drkit_replication_slot_retained_bytes{drkit_job=\"incremental-backup\"}")
                    .contains("drkit_last_run_exit_code{drkit_job=\"incremental-backup\"} 0");

            DrkitProcess.Result status = b.drkit("status", "--json");
            assertThat(status.exitCode()).as(status.all()).isZero();
            JsonNode s = BackupFixture.JSON.readTree(status.stdout());
            assertThat(s.get("rpoSeconds").asDouble()).isLessThan(120);
            assertThat(s.get("slot").get("level").asString()).isEqualTo("ok");

            DrkitProcess.Result drill = b.drkit("drill", "--json");
            assertThat(drill.exitCode()).as(drill.all()).isZero();
            JsonNode d = BackupFixture.JSON.readTree(drill.stdout());
            assertThat(d.get("pointId").asString()).contains("-incremental-");
            assertThat(d.get("rpoSeconds").asDouble()).isLessThan(120);
            assertThat(d.get("worstRpoSeconds").asDouble()).as("no gap between points beyond the target")
                    .isLessThan(120);
        } finally {
            continuous.destroy();
            traffic.stop();
        }
        assertThat(continuous.waitFor(30, TimeUnit.SECONDS)).as("SIGTERM stops it").isTrue();

        slotThresholds(b, source);
    }

    /**
     * With nothing reading the slot, the WAL it holds back only grows: measured on the source, it is
     * then at or past the threshold set to it. Status warns at the warning threshold, alerts (the webhook
     * hears it) at the alert threshold, and does neither below both.
     */
    private void slotThresholds(BackupFixture b, TestDatabase source) throws Exception {
        List<JsonNode> alerts = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/drkit", exchange -> {
            alerts.add(BackupFixture.JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String slot;
            long held;
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_logical_emit_message(false, 'drkit-test', repeat('x', 100000))");
                try (ResultSet rs = s.executeQuery("SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint "
                        + "FROM pg_replication_slots WHERE database = current_database()")) {
                    assertThat(rs.next()).as("the chain's slot").isTrue();
                    slot = rs.getString(1);
                    held = rs.getLong(2);
                    assertThat(rs.next()).isFalse();
                }
            }
            assertThat(held).isGreaterThan(100_000);
            String webhook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/drkit";

            JsonNode below = slotStatus(b, webhook, "1TB", "2TB");
            assertThat(below.get("name").asString()).isEqualTo(slot);
            assertThat(below.get("level").asString()).as(below.toString()).isEqualTo("ok");
            assertThat(alerts).isEmpty();

            JsonNode warning = slotStatus(b, webhook, held + "B", "1TB");
            assertThat(warning.get("level").asString()).as(warning.toString()).isEqualTo("warning");
            assertThat(warning.get("retainedBytes").asLong()).isGreaterThanOrEqualTo(held);
            assertThat(warning.get("message").asString()).contains("the replication slot " + slot + " holds back")
                    .contains("(warning above ");
            assertThat(alerts).as("a warning alerts nobody").isEmpty();

            JsonNode alert = slotStatus(b, webhook, "1B", held + "B");
            assertThat(alert.get("level").asString()).as(alert.toString()).isEqualTo("alert");
            assertThat(alert.get("message").asString()).contains("(alert above ");
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("job").asString()).isEqualTo("status");
            assertThat(alerts.get(0).toString()).contains(slot).doesNotContain("jdbc:", "password");
        } finally {
            receiver.stop(0);
        }
    }

    private static JsonNode slotStatus(BackupFixture b, String webhook, String warning, String alert) {
        DrkitProcess.Result r = b.drkit(Map.of("DRKIT_INCREMENTAL_SLOTWARNING", warning,
                "DRKIT_INCREMENTAL_SLOTALERT", alert, "DRKIT_ALERTS_WEBHOOK", webhook), "status", "--json");
        assertThat(r.exitCode()).as("0, or 4 for an RPO missed since: " + r.all()).isIn(0, 4);
        return BackupFixture.JSON.readTree(r.stdout()).get("slot");
    }

    private static long incrementals(BackupFixture b) {
        long n = 0;
        for (JsonNode p : b.list()) {
            n += p.get("kind").asString().equals("incremental") ? 1 : 0;
        }
        return n;
    }
}

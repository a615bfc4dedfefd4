package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.testing.ChangeCapture;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;
import io.drkit.tracking.BackgroundTraffic;
import tools.jackson.databind.JsonNode;

/**
 * Incrementals taken continuously under live traffic keep the RPO within a two-minute target: status
 * says so, and a drill of the newest point (an incremental, restored through its chain) confirms it.
 * The flush is 10 s rather than a minute so that the test takes seconds, not minutes.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class IncrementalRpoTest {

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
            assertThat(s.get("rpoMillis").asLong()).isLessThan(120_000);
            assertThat(s.get("slot").get("level").asString()).isEqualTo("OK");

            DrkitProcess.Result drill = b.drkit("drill", "--json");
            assertThat(drill.exitCode()).as(drill.all()).isZero();
            JsonNode d = BackupFixture.JSON.readTree(drill.stdout());
            assertThat(d.get("pointId").asString()).contains("-incremental-");
            assertThat(d.get("rpoMillis").asLong()).isLessThan(120_000);
            assertThat(d.get("worstRpoMillis").asLong()).as("no gap between points beyond the target")
                    .isLessThan(120_000);
        } finally {
            continuous.destroy();
            traffic.stop();
        }
        assertThat(continuous.waitFor(30, TimeUnit.SECONDS)).as("SIGTERM stops it").isTrue();
    }

    private static long incrementals(BackupFixture b) {
        long n = 0;
        for (JsonNode p : b.list()) {
            n += p.get("kind").asString().equals("incremental") ? 1 : 0;
        }
        return n;
    }
}

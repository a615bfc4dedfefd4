package io.drkit.cli.standby;

import static io.drkit.cli.standby.StandbyIT.LEDGER;
import static io.drkit.cli.standby.StandbyIT.appliedPoints;
import static io.drkit.cli.standby.StandbyIT.awaitStandbyAt;
import static io.drkit.cli.standby.StandbyIT.fixture;
import static io.drkit.cli.standby.StandbyIT.incrementalAfterTraffic;
import static io.drkit.cli.standby.StandbyIT.readOnlyForOthers;
import static io.drkit.cli.standby.StandbyIT.tamperChanges;
import static io.drkit.cli.standby.StandbyIT.verifiedByStandby;
import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.catalog.LockName;
import io.drkit.cli.DrkitProcess;
import io.drkit.cli.JsonSchemas;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.BackgroundTraffic;
import tools.jackson.databind.JsonNode;

/**
 * The standby's promotion guard ({@code --max-lag}, {@code --force}) and the follower that
 * {@code drkit daemon} runs in-process with its health, on StandbyIT's fixture and helpers.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class StandbyDaemonIT {

    @TempDir
    Path dir;

    /**
     * A promotion applies what has landed of the standby's chain first, so the lag it weighs against
     * {@code --max-lag} is what a new full point (which a promotion never restores) leaves behind.
     */
    @Test
    void aPromotionFurtherBehindThanMaxLagIsRefusedUntilForced(TestDatabase source, TestDatabase catalog,
            TestDatabase target) throws Exception {
        BackupFixture b = fixture(source, catalog, dir);
        b.init();
        b.backup();
        String p1 = incrementalAfterTraffic(b);
        DrkitProcess.Result first = b.drkit("standby", "--target-url", target.url().url());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(ledgerPoint(target)).as("the standby restored at %s", p1).isEqualTo(p1);

        // no follower runs: the standby stays at p1 while p2 lands, then a new chain starts after more traffic
        String p2 = incrementalAfterTraffic(b);
        SourceCapture atP2 = SourceCapture.of(source);
        BackgroundTraffic traffic = BackgroundTraffic.start(source.url(), 40);
        Thread.sleep(1500);
        traffic.stop();
        String full = b.backup().get("pointId").asString();

        DrkitProcess.Result refused = b.drkit("standby", "--promote", "--target-url", target.url().url(),
                "--max-lag", "1s");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        assertThat(refused.stderr()).contains("stands at point " + p2).contains("behind the newest point " + full)
                .contains("more than --max-lag 1.0 s").contains("not promoted").contains("--force");
        assertThat(readOnlyForOthers(target)).as("refused: still a read-only standby").isTrue();
        assertThat(ledgerPoint(target)).as("refused: still a standby (its ledger), at the chain's last point %s", p2)
                .isEqualTo(p2);
        assertThat(appliedPoints(target)).containsExactly(p2);
        assertThatRestored(target).ignoringSchema(LEDGER).as("refused: the standby at %s", p2).isTheSource(atP2);
        // what status says of it is where it stands: p2 was proven on the way and counts as verified
        DrkitProcess.Result status = b.drkit("status", "--json");
        assertThat(status.exitCode()).as(status.all()).isIn(0, 4); // 4: an RPO target missed, which is not the point here
        JsonNode standbys = BackupFixture.JSON.readTree(status.stdout()).get("standbys");
        assertThat(standbys).as(status.all()).hasSize(1);
        assertThat(standbys.get(0).get("state").asString()).isEqualTo("following");
        assertThat(standbys.get(0).get("pointId").asString()).as(status.stdout()).isEqualTo(p2);
        assertThat(verifiedByStandby(catalog)).as("points the standby proved").contains(p2);

        DrkitProcess.Result forced = b.drkit("standby", "--promote", "--target-url", target.url().url(),
                "--max-lag", "1s", "--force", "--json");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        JsonNode doc = BackupFixture.JSON.readTree(forced.stdout());
        assertThat(JsonSchemas.problems("standby", doc)).as(forced.stdout()).isEmpty();
        assertThat(doc.get("action").asString()).isEqualTo("promote");
        assertThat(doc.get("pointId").asString()).as("a new full point is not restored by a promotion")
                .isEqualTo(p2);
        assertThat(doc.get("lagSeconds").asDouble()).as(forced.stdout()).isGreaterThan(1.0);
        assertThat(readOnlyForOthers(target)).as("promoted: writable").isFalse();
        assertThatRestored(target).as("promoted: the source at %s, ledger gone", p2).isTheSource(atP2);
        DrkitProcess.Result after = b.drkit("status", "--json");
        assertThat(after.exitCode()).as(after.all()).isIn(0, 4);
        JsonNode promoted = BackupFixture.JSON.readTree(after.stdout()).get("standbys").get(0);
        assertThat(promoted.get("state").asString()).as(after.stdout()).isEqualTo("promoted");
        assertThat(promoted.get("pointId").asString()).as(after.stdout()).isEqualTo(p2);
    }

    @Test
    void theDaemonFollowsTheConfiguredStandbyAndShowsItInItsHealth(TestDatabase source, TestDatabase catalog,
            TestDatabase target) throws Exception {
        BackupFixture b = fixture(source, catalog, dir);
        b.init();
        String full = b.backup().get("pointId").asString();
        int port = freePort();
        Map<String, String> env = new HashMap<>(b.env);
        // one schedule that does not fire during the test (a daemon needs one); nothing takes points but the test
        env.putAll(Map.of("DRKIT_SCHEDULES_FULL_BACKUP", "", "DRKIT_SCHEDULES_INCREMENTAL_BACKUP", "",
                "DRKIT_SCHEDULES_VERIFY_RESTORE", "", "DRKIT_SCHEDULES_DRILL", "", "DRKIT_SCHEDULES_PRUNE", "",
                "DRKIT_SCHEDULES_VERIFY", "0 3 1 1 *", "DRKIT_DAEMON_PORT", Integer.toString(port),
                "DRKIT_STANDBY_TARGETURL", target.url().url()));
        Path log = dir.resolve("daemon.log");
        Process daemon = DrkitProcess.start(env, dir, log, "daemon");
        try {
            awaitStandbyAt(catalog, full, daemon, log);
            String p1 = incrementalAfterTraffic(b);
            SourceCapture atP1 = SourceCapture.of(source);
            awaitStandbyAt(catalog, p1, daemon, log);
            assertThat(appliedPoints(target)).containsExactly(p1);
            assertThat(verifiedByStandby(catalog)).contains(full, p1);
            assertThatRestored(target).ignoringSchema(LEDGER).as("the standby at %s", p1).isTheSource(atP1);
            assertThat(readOnlyForOthers(target)).isTrue();
            JsonNode up = awaitStandbyHealth(port, daemon, log, h -> p1.equals(text(h, "pointId"))).get("standby");
            assertThat(up.get("status").asString()).as("%s", up).isEqualTo("UP");
            assertThat(text(up, "state")).isEqualTo("FOLLOWING");
            assertThat(text(up, "lastProof")).as("%s", up).isNotEqualTo("null");

            // the follower held off (by its own lock) while a point lands and is tampered with
            String p2;
            try (CatalogLock held = holdFollowerOff(catalog, target, daemon, log)) {
                p2 = incrementalAfterTraffic(b);
                tamperChanges(b, p2, "tracking.shipments");
            }
            JsonNode down = awaitStandbyHealth(port, daemon, log, h -> "FAILED".equals(text(h, "state")))
                    .get("standby");
            assertThat(down.get("status").asString()).as("%s", down).isEqualTo("DOWN");
            assertThat(text(down, "problem")).contains("point " + p2).contains("tracking.shipments")
                    .doesNotContain("SF0");
            assertThat(text(down, "pointId")).isEqualTo(p1);
            assertThat(get(port).statusCode()).as("the daemon's health as a load balancer or monitor sees it")
                    .isEqualTo(503);
            assertThat(daemon.isAlive()).as("the daemon runs on: %s", Files.readString(log)).isTrue();
            assertThat(appliedPoints(target)).as("nothing of %s", p2).containsExactly(p1);
            assertThatRestored(target).ignoringSchema(LEDGER).as("the standby still at %s", p1).isTheSource(atP1);
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(Files.readString(log)).contains("daemon: following standby " + target.url().redacted());
    }

    /** The point the standby's ledger names last. */
    private static String ledgerPoint(TestDatabase db) throws Exception {
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery(
                "SELECT point_id FROM " + LEDGER + ".applied ORDER BY point_time DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Takes the follower's lock between two of its rounds (as a failover drill does), waiting a minute at most. */
    private static CatalogLock holdFollowerOff(TestDatabase catalog, TestDatabase target, Process daemon, Path log)
            throws Exception {
        LockName lock = LockName.standby(JdbcUrl.parse(target.url().url()).redacted());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return CatalogLock.acquire(catalog.url(), lock, "StandbyDaemonIT: a point is being tampered with");
            } catch (DrkitException e) {
                if (e.exitCode() != ExitCode.LOCKED || System.nanoTime() > deadline) {
                    throw new AssertionError("the follower's lock within a minute: " + Files.readString(log), e);
                }
            }
            assertThat(daemon.isAlive()).as("the daemon runs: %s", Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
    }

    /** The health's components once {@code standby} satisfies {@code until}, waiting two minutes at most. */
    private static JsonNode awaitStandbyHealth(int port, Process daemon, Path log, Predicate<JsonNode> until)
            throws Exception {
        JsonNode last = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(daemon.isAlive()).as("the daemon runs: %s", Files.readString(log)).isTrue();
            try {
                last = BackupFixture.JSON.readTree(get(port).body()).get("components");
                if (last != null && last.has("standby") && until.test(last.get("standby"))) {
                    return last;
                }
            } catch (java.io.IOException notListeningYet) {
                // the endpoint comes up with the daemon
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the daemon's standby health did not come as awaited within two minutes; last: " + last
                + "; daemon output:\n" + Files.readString(log));
    }

    /** A detail of a health component, as text ("null" when absent). */
    private static String text(JsonNode component, String detail) {
        JsonNode details = component.get("details");
        return details == null || details.get(detail) == null ? "null" : details.get(detail).asString();
    }

    private static HttpResponse<String> get(int port) throws java.io.IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(30)).build();
        return HttpClient.newHttpClient().send(health, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package io.drkit.cli.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * A webhook receiver on loopback gets exactly one alert per failed run (a job that could not run, a
 * missed target, a failed verification), none for a run that went well, and one still when its first
 * answer was an error or never came.
 */
@ExtendWith(RealServices.class)
class AlertIT {

    @TempDir
    Path dir;

    private HttpServer receiver;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    /** How many of the next attempts are answered 503. */
    private final AtomicInteger failNext = new AtomicInteger();
    /** How many of the next attempts get no answer for longer than drkit waits (and are then dropped). */
    private final AtomicInteger hangNext = new AtomicInteger();

    @BeforeEach
    void listen() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/drkit", exchange -> {
            attempts.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (hangNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                try {
                    Thread.sleep(3000); // beyond DRKIT_ALERTS_TIMEOUT: drkit has given up on this attempt
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 204;
            if (status == 204) {
                accepted.add(BackupFixture.JSON.readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool()); // a hanging attempt must not hold up the retry
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void oneAlertPerFailedRunNoneForAGoodOne(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(200);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.env.put("DRKIT_ALERTS_WEBHOOK", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/drkit");
        b.init();

        DrkitProcess.Result failed = b.drkit(Map.of("DRKIT_SOURCE_URL", source.url().withDatabase("no_such_db").url()),
                "backup");
        assertThat(failed.exitCode()).as("a source that is not there is bad configuration: " + failed.all()).isEqualTo(2);
        assertThat(accepted).hasSize(1);
        JsonNode first = accepted.get(0);
        assertThat(first.get("job").asString()).isEqualTo("full-backup");
        assertThat(first.get("exitCode").asInt()).isEqualTo(2);
        assertThat(first.get("reason").asString()).isEqualTo("bad usage or configuration");
        assertThat(first.toString()).as("no secrets, no URLs").doesNotContain("jdbc:", "password");

        String pointId = b.backup().get("pointId").asString();
        assertThat(accepted).as("a good run alerts nobody").hasSize(1);

        failNext.set(1);
        DrkitProcess.Result missed = b.drkit(Map.of("DRKIT_TARGETS_RTO", "1ms"), "drill");
        assertThat(missed.exitCode()).as(missed.all()).isEqualTo(4);
        assertThat(attempts.get()).as("the 503 was tried again").isEqualTo(3);
        assertThat(accepted).hasSize(2);
        JsonNode drill = accepted.get(1);
        assertFailed(drill, "drill", 4, pointId);
        assertThat(drill.get("alertId").asString()).isNotEqualTo(first.get("alertId").asString());

        b.damagePart(pointId, "tracking.couriers");
        hangNext.set(1);
        attempts.set(0);
        DrkitProcess.Result damaged = b.drkit(Map.of("DRKIT_ALERTS_TIMEOUT", "1s"), "verify");
        assertThat(damaged.exitCode()).as(damaged.all()).isEqualTo(3);
        assertThat(attempts.get()).as("the attempt that got no answer in time was tried again").isEqualTo(2);
        assertThat(accepted).hasSize(3);
        assertFailed(accepted.get(2), "verify", 3, pointId);
    }

    /** An alert of a run whose report failed: the job, its exit code, the point and the report named. */
    private static void assertFailed(JsonNode alert, String job, int exitCode, String pointId) {
        assertThat(alert.get("job").asString()).isEqualTo(job);
        assertThat(alert.get("exitCode").asInt()).isEqualTo(exitCode);
        assertThat(alert.get("point").asString()).isEqualTo(pointId);
        assertThat(alert.get("verdict").asString()).isEqualTo("failed");
        assertThat(alert.get("report").asString()).contains("-" + job + "-");
    }
}

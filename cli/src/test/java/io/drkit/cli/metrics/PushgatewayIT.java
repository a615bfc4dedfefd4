package io.drkit.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.RequiredTool;
import io.drkit.core.testing.TestDatabase;

/**
 * A real Prometheus Pushgateway (Debian's prometheus-pushgateway, which .ci/run installs) on
 * loopback: a backup's metrics arrive grouped by job, and a failed run after it leaves the last
 * success standing beside its own failure.
 */
@ExtendWith(RealServices.class)
class PushgatewayIT {

    @TempDir
    Path dir;

    @Test
    void aRunsMetricsArriveAndAFailureKeepsTheLastSuccess(TestDatabase source, TestDatabase catalog) throws Exception {
        Path pushgateway = RequiredTool.find("prometheus-pushgateway", "prometheus-pushgateway");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process gateway = new ProcessBuilder(pushgateway.toString(), "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=" + dir.resolve("pushgateway.data")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("pushgateway.log").toFile()).start();
        try {
            BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
            b.env.put("DRKIT_METRICS_PUSHGATEWAY", "http://127.0.0.1:" + port);
            b.init();
            waitUntilUp(port);
            b.backup();
            Map<String, Double> first = gauges(port);
            assertThat(first.get("drkit_rows")).isPositive();
            assertThat(first.get("drkit_last_run_exit_code")).isZero();
            Double success = first.get("drkit_last_success_timestamp_seconds");
            assertThat(success).isNotNull();

            DrkitProcess.Result failed = b.drkit(Map.of("DRKIT_SOURCE_URL", source.url().withDatabase("no_such_db").url()),
                    "backup");
            assertThat(failed.exitCode()).as(failed.all()).isEqualTo(2);
            Map<String, Double> second = gauges(port);
            assertThat(second.get("drkit_last_run_exit_code")).isEqualTo(2.0);
            assertThat(second.get("drkit_last_success_timestamp_seconds")).as("the success before stands").isEqualTo(success);
            assertThat(second.get("drkit_last_failure_timestamp_seconds")).isGreaterThan(success);
        } finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The backup job's gauges as the Pushgateway serves them to Prometheus. */
    private static Map<String, Double> gauges(int port) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> values = new HashMap<>();
        TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(new ByteArrayInputStream(r.body()));
        for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
            for (Metric m : family.getMetrics()) {
                if ("full-backup".equals(m.getLabels().get("drkit_job")) && "drkit".equals(m.getLabels().get("job"))
                        && m instanceof Gauge g) {
                    values.put(m.getName(), g.getValue());
                }
            }
        }
        return values;
    }

    private static void waitUntilUp(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}

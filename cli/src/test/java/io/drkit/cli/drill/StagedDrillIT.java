package io.drkit.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.JsonSchemas;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.progress.Progress;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.SeedHistory;
import io.drkit.tracking.TrackingSchema;
import io.drkit.tracking.TrackingSeeder;
import tools.jackson.databind.JsonNode;

/**
 * A drill of a point with tiers (config/tracking.yml's) on a history that ends now: two RTOs, the
 * serving one proven on the hot tier alone (fewer rows than the point's), the tracking service's
 * lookups and scans on the restored database while its history loads, and the final proof still
 * passing after them. A tight {@code drkit.targets.rto-serving} is exit 4 naming it, and only it.
 */
@ExtendWith(RealServices.class)
class StagedDrillIT {

    @TempDir
    Path dir;

    private BackupFixture b;
    private Path metrics;

    @BeforeEach
    void backUp(TestDatabase source, TestDatabase catalog) {
        b = BackupFixture.onFiles(source, catalog, dir);
        TrackingSchema.migrate(source.url());
        TrackingSeeder.seed(source.url(), 600, 7, SeedHistory.months(3, Instant.now()), Progress.NONE);
        metrics = dir.resolve("metrics");
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.env.put("DRKIT_METRICS_TEXTFILE_DIRECTORY", metrics.toString());
        b.env.put("DRKIT_CONFIG", DrillIT.TRACKING_CONFIG.toString());
        b.init();
    }

    @Test
    void aDrillOfATieredPointGivesBothRtosAndTheTrafficOfStageTwoAndATightServingTargetIsExit4() throws Exception {
        JsonNode point = b.backup();
        long pointRows = point.get("rows").asLong();

        DrkitProcess.Result run = b.drkit("drill", "--with-traffic", "30", "--json");

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode r = BackupFixture.JSON.readTree(run.stdout());
        assertThat(r.get("verdict").asString()).as("the final proof holds after the traffic's scans").isEqualTo("passed");
        assertThat(JsonSchemas.problems("drill", r)).as("the serving object in the schema").isEmpty();
        long serving = DrillIT.millis(r.get("rtoServingSeconds"));
        assertThat(serving).isPositive().isLessThan(DrillIT.millis(r.get("rtoSeconds")));
        assertThat(DrillIT.millis(r.get("serving").get("rtoSeconds"))).isEqualTo(serving);
        JsonNode s = r.get("serving");
        assertThat(s.get("proven").asBoolean()).isTrue();
        assertThat(s.get("hotRows").asLong()).as("the hot tier is part of the point").isPositive().isLessThan(pointRows);
        assertThat(s.get("checks").toString()).contains("events-belong-to-shipments").doesNotContain("proof");
        JsonNode traffic = s.get("traffic");
        assertThat(traffic.get("lookupCount").asLong()).isPositive();
        assertThat(traffic.get("lookupFailureCount").asLong() + traffic.get("scanFailureCount").asLong()).isZero();
        assertThat(traffic.get("lookupP99Seconds").asDouble()).isGreaterThanOrEqualTo(traffic.get("lookupP50Seconds").asDouble());
        assertThat(r.get("summary").asString()).contains("RTO to serving").contains("RTO to complete");
        assertThat(run.stderr()).contains("drill: serving proven");

        Map<String, Double> figures = PrometheusFile.gauges(metrics.resolve("drkit_drill.prom"), "drill");
        assertThat(figures.get("drkit_drill_rto_serving_seconds")).isEqualTo(serving / 1000.0);
        assertThat(figures.get("drkit_drill_rto_serving_target_seconds")).isEqualTo(300.0);
        assertThat(figures.get("drkit_drill_serving_failures")).isZero();
        String html = Files.readString(Path.of(r.get("report").get("localHtml").asString()));
        assertThat(html).contains("RTO to serving: declaration to the hot tier").contains("id=\"serving-traffic\"")
                .contains("--on-serving");
        assertThat(Files.readString(dir.resolve("reports").resolve("index.html"))).contains("RTO to serving");
        JsonNode status = BackupFixture.JSON.readTree(b.drkit("status", "--json").stdout());
        assertThat(JsonSchemas.problems("status", status)).isEmpty();
        assertThat(DrillIT.millis(status.get("lastDrill").get("rtoServingSeconds"))).isEqualTo(serving);

        DrkitProcess.Result tight = b.drkit(Map.of("DRKIT_TARGETS_RTOSERVING", "1ms"), "drill", "--json");

        assertThat(tight.exitCode()).as(tight.all()).isEqualTo(4);
        JsonNode t = BackupFixture.JSON.readTree(tight.stdout());
        assertThat(t.get("misses")).hasSize(1);
        assertThat(t.get("misses").get(0).get("figure").asString()).isEqualTo("RTO to serving");
        assertThat(t.get("problems").toString()).contains("RTO to serving").contains("missed its target of 1 ms");
        assertThat(tight.stdout()).doesNotContain("\"figure\" : \"RTO\"");
    }
}

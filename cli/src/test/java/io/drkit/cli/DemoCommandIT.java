package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.report.BrowserPages;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

@ExtendWith(RealServices.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCommandIT {

    /** Shared by the first two tests (one demo run); the others get folders of their own. */
    @TempDir
    static Path dir;

    /** The drill report of the first demo run, which a browser opens in the next test. */
    private static Path demoReport;

    @Test
    @Order(1)
    void runsOnAnEmbeddedServerWithNothingConfiguredAndAgainOnItsData() throws Exception {
        DrkitProcess.Result first = DrkitProcess.run(Map.of(), dir, "demo", "--shipments", "2000");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.stdout()).contains("embedded PostgreSQL").contains("2000 shipments")
                .contains("demo: full backup into file://" + dir.resolve("drkit-work").resolve("repository") + ": point ")
                .contains("live traffic").contains("passed: Disaster declared at").contains("checks hold")
                .containsPattern("demo: incremental backup of the changes since: point \\d{8}T\\d{6}Z-incremental-")
                .contains("in stages (recent parcels first, the history behind them; an incremental point is restored all at once)")
                .containsPattern("demo: serving at \\S+: recent parcels answered [0-9.]+ m?s after the declaration")
                .containsPattern("demo: RPO [0-9.]+ m?s, RTO to serving [0-9.]+ m?s, RTO to complete [0-9.]+ m?s, verdict passed")
                .contains("all reports, with charts: " + dir.resolve("drkit-work").resolve("reports").resolve("index.html"));
        demoReport = Path.of(first.stdout().replaceAll("(?s).*demo: report (\\S+\\.html);.*", "$1"));
        assertThat(Files.readString(demoReport)).contains("id=\"verdict\">PASSED<").contains("Runbook")
                .contains("RTO to serving: declaration to the hot tier").contains("The database served from");
        // then the standby on the embedded server, and a failover drill on a copy of it beside the restore drill
        assertThat(first.stdout()).containsPattern("demo: failover drill: tracking_standby_drkit_failover \\(a copy of "
                + "standby tracking_standby at point \\S+-incremental-\\S+\\) promoted and proven; RTO [0-9.]+ m?s")
                .containsPattern("demo: the latest restore drill \\(\\S+, point \\S+-full-\\S+\\): RTO [0-9.]+ m?s");
        Path failoverReport = Path.of(first.stdout().replaceAll("(?s).*demo: failover report (\\S+\\.html).*", "$1"));
        assertThat(Files.readString(failoverReport)).contains("Failover drill").contains("id=\"verdict\">PASSED<")
                .contains("Failover RTO").contains("Restore RTO of the latest restore drill");

        DrkitProcess.Result again = DrkitProcess.run(Map.of(), dir, "demo", "--shipments", "2000");
        assertThat(again.exitCode()).as(again.all()).isZero();
        long kept = Long.parseLong(again.stdout().replaceAll("(?s).*already holds (\\d+) shipments.*", "$1"));
        assertThat(kept).as("kept, with what the traffic added").isBetween(2000L, 3000L);
        assertThat(again.stdout()).contains("verdict passed").as("the standby rebuilt for the new chain, then failed over")
                .contains("demo: failover drill: tracking_standby_drkit_failover");
        DrkitProcess.Result list = DrkitProcess.run(Map.of("DRKIT_REPOSITORY",
                dir.resolve("drkit-work").resolve("repository").toUri().toString()), dir, "list", "--json");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.stdout().split("\"pointId\"", -1)).as("a full and an incremental point per demo run").hasSize(5);
    }

    @Test
    @Order(2)
    void theDemosDrillReportOpensInABrowser() throws Exception {
        assertThat(demoReport).as("the first demo run wrote its report").isNotNull();
        assertThat(BrowserPages.rendered(demoReport, "demo-drill-report.png"))
                .contains("id=\"verdict\">PASSED<").contains("Disaster-recovery drill").contains("Recovery objectives")
                .contains("RTO: declaration to a restored and verified database").contains("Runbook");
    }

    @Test
    void usesTheConfiguredSourceWhenSet(TestDatabase db, @TempDir Path own) {
        DrkitProcess.Result r = DrkitProcess.run(Map.of("DRKIT_SOURCE_URL", db.url().url()), own, "demo",
                "--shipments", "500");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains(db.name()).contains("500 shipments").doesNotContain("embedded")
                .contains("no backup taken: set DRKIT_CATALOG_URL");
    }

    @Test
    void backsUpTheConfiguredSourceIntoTheConfiguredRepository(TestDatabase db, TestDatabase catalog, @TempDir Path own) {
        String repository = own.resolve("repo").toUri().toString();
        DrkitProcess.Result r = DrkitProcess.run(Map.of("DRKIT_SOURCE_URL", db.url().url(), "DRKIT_CATALOG_URL",
                catalog.url().url(), "DRKIT_REPOSITORY", repository), own, "demo", "--shipments", "300", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("\"repository\" : \"" + repository).contains("\"pointId\"");
        assertThat(JsonSchemas.problems("demo", tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(r.stdout()))).isEmpty();
    }
}

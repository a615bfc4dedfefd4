package io.drkit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;

/**
 * The HTML report and the index page as a reader sees them: rendered by headless Chromium (Debian's
 * {@code chromium}, which .ci/run installs), the rendered page must show the verdict, the point and
 * the charts. Screenshots go to {@code target/report-pages/}.
 */
@ExtendWith(RealServices.class)
class ReportPagesIT {

    private static final Path CONFIG = Path.of("..", "config", "tracking.yml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theReportAndTheIndexShowTheVerdictThePointAndTheCharts(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BrowserPages.requireBrowser();
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(300);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.init();
        String pointId = b.backup().get("pointId").asString();
        assertThat(b.drkit("verify").exitCode()).isZero();
        DrkitProcess.Result verified = b.drkit("--config", CONFIG.toString(), "verify", "--restore", "--json");
        assertThat(verified.exitCode()).as(verified.all()).isZero();
        Path reportPage = Path.of(BackupFixture.JSON.readTree(verified.stdout()).get("report").get("localHtml").asString());
        DrkitProcess.Result drilled = b.drkit("--config", CONFIG.toString(), "drill", "--json");
        assertThat(drilled.exitCode()).as(drilled.all()).isZero();
        Path drillPage = Path.of(BackupFixture.JSON.readTree(drilled.stdout()).get("report").get("localHtml").asString());
        DrkitProcess.Result index = b.drkit("report", "--json");
        assertThat(index.exitCode()).as(index.all()).isZero();
        Path indexPage = Path.of(BackupFixture.JSON.readTree(index.stdout()).get("index").asString());

        String report = BrowserPages.rendered(reportPage, "verify-restore-report.png");
        assertThat(report).contains("id=\"verdict\">PASSED<").contains(pointId)
                .contains("Restore verification").contains("What was checked").contains("tracking.shipments")
                .contains("delivered-shipments-have-a-delivery-event");

        String page = BrowserPages.rendered(indexPage, "report-index.png");
        assertThat(page).contains("RPO: age of the newest point").contains("RTO: time to a restored database")
                .contains(pointId).contains(">passed<").contains("Drills, newest first");
        assertThat(page.split("<svg", -1)).as("three charts drawn into the page").hasSize(4);

        String drill = BrowserPages.rendered(drillPage, "drill-report.png");
        assertThat(drill).contains("id=\"verdict\">PASSED<").contains("Disaster-recovery drill")
                .contains("Recovery objectives").contains("RPO at the declaration").contains(">met<")
                .contains("Runbook: restore point").contains("drkit restore --point " + pointId)
                .contains("docs/break-glass-restore.sh");
        assertThat(page).as("self-contained: nothing fetched from elsewhere").doesNotContain("src=\"http", "href=\"http");
    }
}

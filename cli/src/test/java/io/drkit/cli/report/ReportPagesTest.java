package io.drkit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
class ReportPagesTest {

    private static final Path CONFIG = Path.of("..", "config", "tracking.yml").toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = Path.of("target", "report-pages").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theReportAndTheIndexShowTheVerdictThePointAndTheCharts(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(300);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.init();
        String pointId = b.backup().get("pointId").asString();
        assertThat(b.drkit("verify").exitCode()).isZero();
        DrkitProcess.Result verified = b.drkit("--config", CONFIG.toString(), "verify", "--restore", "--json");
        assertThat(verified.exitCode()).as(verified.all()).isZero();
        Path reportPage = Path.of(BackupFixture.JSON.readTree(verified.stdout()).get("report").get("localHtml").asString());
        DrkitProcess.Result index = b.drkit("report", "--json");
        assertThat(index.exitCode()).as(index.all()).isZero();
        Path indexPage = Path.of(BackupFixture.JSON.readTree(index.stdout()).get("index").asString());

        String report = rendered(reportPage, "verify-restore-report.png");
        assertThat(report).contains("id=\"verdict\">PASSED<").contains(pointId)
                .contains("Restore verification").contains("What was checked").contains("tracking.shipments")
                .contains("delivered-shipments-have-a-delivery-event");

        String page = rendered(indexPage, "report-index.png");
        assertThat(page).contains("RPO evidenced").contains("RTO evidenced").contains(pointId).contains(">passed<");
        assertThat(page.split("<svg", -1)).as("three charts drawn into the page").hasSize(4);
        assertThat(page).as("self-contained: nothing fetched from elsewhere").doesNotContain("src=\"http", "href=\"http");
    }

    /** The page's DOM after Chromium rendered it; a screenshot of it goes to the build output. */
    private static String rendered(Path page, String screenshot) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        String url = page.toUri().toString();
        BackupFixture.run(Map.of(), chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1200,1800", "--screenshot=" + SCREENSHOTS.resolve(screenshot), url);
        assertThat(SCREENSHOTS.resolve(screenshot)).isNotEmptyFile();
        BackupFixture.ToolResult dom = BackupFixture.runAllowingFailure(Map.of(), chromium(), "--headless",
                "--no-sandbox", "--disable-gpu", "--dump-dom", url);
        assertThat(dom.exitCode()).as(dom.output()).isZero();
        return dom.output();
    }

    private static String chromium() {
        for (String name : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(name))) {
                return name;
            }
        }
        throw new AssertionError("headless Chromium is needed to check the report pages: apt-get install chromium "
                + "(.ci/run installs it)");
    }
}

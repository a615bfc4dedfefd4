package io.drkit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.objectives.Durations;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

/**
 * The HTML report and the index page as a reader sees them: rendered by headless Chromium (Debian's
 * {@code chromium}, which .ci/run installs), the rendered page must show the verdict, the point and
 * the charts. Screenshots go to {@code target/report-pages/}. The index holds each drill to the
 * targets it had: after the targets change, its red target line steps (a segment from one run's
 * target to the next one's is not level), each drill's row names its own targets, and a worst RPO
 * is claimed only over the short history the points cover.
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
        // the targets change: the next drill is held to these, the first one stays held to the configured ones
        DrkitProcess.Result retargeted = b.drkit(Map.of("DRKIT_TARGETS_RTO", "2h", "DRKIT_TARGETS_RPO", "1h"), "drill");
        assertThat(retargeted.exitCode()).as(retargeted.all()).isZero();
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
        assertThat(page.split("<svg", -1)).as("four charts drawn into the page (RPO, RTO, RTO to serving, durations)").hasSize(5);
        assertThat(page).as("each drill's row names the targets it was held to")
                .contains("RPO " + Durations.human(15 * 60_000L) + ", RTO to serving " + Durations.human(5 * 60_000L)
                        + ", RTO " + Durations.human(30 * 60_000L))
                .contains("RPO " + Durations.human(3_600_000L) + ", RTO to serving " + Durations.human(5 * 60_000L)
                        + ", RTO " + Durations.human(7_200_000L))
                .as("minutes of points claim no worst RPO over the 7-day window").contains(" of history)");
        assertThat(targetSegments(page)).as("the red target line steps where the targets changed")
                .anySatisfy(segment -> assertThat(segment[1]).isNotCloseTo(segment[3], within(0.5)));

        String drill = BrowserPages.rendered(drillPage, "drill-report.png");
        assertThat(drill).contains("id=\"verdict\">PASSED<").contains("Disaster-recovery drill")
                .contains("Recovery objectives").contains("RPO at the declaration").contains(">met<")
                .contains("Runbook: restore point").contains("drkit restore --point " + pointId)
                .contains("docs/break-glass-restore.sh");
        assertThat(page).as("self-contained: nothing fetched from elsewhere").doesNotContain("src=\"http", "href=\"http");
    }

    /** The segments (x1, y1, x2, y2) the charts draw in the targets' red (ReportCharts: 0xc62828), as SVG lines or paths. */
    static List<double[]> targetSegments(String page) {
        List<double[]> segments = new ArrayList<>();
        Matcher element = Pattern.compile("<(line|path)\\b[^>]*>").matcher(page);
        while (element.find()) {
            String e = element.group();
            if (!e.contains("198,40,40") && !e.toLowerCase(Locale.ROOT).contains("c62828")) {
                continue;
            }
            if (element.group(1).equals("line")) {
                segments.add(new double[] {attribute(e, "x1"), attribute(e, "y1"), attribute(e, "x2"), attribute(e, "y2")});
            } else {
                Matcher d = Pattern.compile("\\bd=\"([^\"]*)\"").matcher(e);
                if (d.find()) {
                    List<Double> xy = Pattern.compile("-?[0-9.]+").matcher(d.group(1)).results()
                            .map(m -> Double.parseDouble(m.group())).toList();
                    for (int i = 0; i + 3 < xy.size(); i += 2) {
                        segments.add(new double[] {xy.get(i), xy.get(i + 1), xy.get(i + 2), xy.get(i + 3)});
                    }
                }
            }
        }
        return segments;
    }

    private static double attribute(String element, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"(-?[0-9.]+)\"").matcher(element);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}

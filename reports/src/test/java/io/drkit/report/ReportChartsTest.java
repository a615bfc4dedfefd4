package io.drkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.jfree.data.time.TimeSeries;
import org.junit.jupiter.api.Test;

/**
 * The index's RTO and RPO charts hold each run to the target it had: drills held to 30 min, then one
 * held to 5 s, draw a target line that steps down at the change, not one 5 s line under all of them.
 */
class ReportChartsTest {

    @Test
    void theTargetLineFollowsEachRunsOwnTarget() {
        Instant t = Instant.parse("2026-11-20T05:00:00Z");
        List<Report> reports = List.of(drill(t, 40L, 1800), drill(t.plusSeconds(86_400), 35L, 1800),
                drill(t.plusSeconds(2 * 86_400), null, 1800), drill(t.plusSeconds(3 * 86_400), 30L, 5));

        TimeSeries targets = ReportCharts.targets(reports, r -> r.measures().restoreSeconds() == null ? null
                : (double) r.measures().restoreSeconds(), r -> (double) r.measures().rtoTargetSeconds());

        assertThat(IntStream.range(0, targets.getItemCount()).mapToObj(i -> targets.getValue(i).doubleValue()).toList())
                .as("a run without a figure draws no target either").containsExactly(1800.0, 1800.0, 5.0);
        assertThat(ReportCharts.overTime("RTO", "seconds", reports, r -> r.measures().restoreSeconds() == null ? null
                : (double) r.measures().restoreSeconds(), r -> (double) r.measures().rtoTargetSeconds()))
                .startsWith("<svg").contains("target");
    }

    @Test
    void aWorstRpoIsClaimedOverTheHistoryThePointsCoverNotTheWholeWindow() {
        Instant t = Instant.parse("2026-11-20T05:00:00Z");
        long week = 7 * 86_400_000L;
        assertThat(ReportHtml.worstOver(figures(t, week, 6 * 60_000L)))
                .isEqualTo("Worst RPO over the 6 min of history the points cover (the window is 7 d)");
        assertThat(ReportHtml.worstOver(figures(t, week, week))).isEqualTo("Worst RPO over the last 7 d");
    }

    private static Report.Drill figures(Instant t, long window, long history) {
        return new Report.Drill(t, "newest", 1000L, 1000L, "p", null, null, 60_000L, t.minusSeconds(60), t, window, 900_000,
                1_800_000, List.of(), Map.of(), null, List.of(), history);
    }

    private static Report drill(Instant finished, Long restoreSeconds, long rtoTarget) {
        return new Report(Report.FORMAT_VERSION, "r" + finished.getEpochSecond(), Report.Kind.DRILL, Report.Verdict.PASSED,
                "", finished.minusSeconds(60), finished, 60_000, "file:///repo/", List.of(), null, List.of(), List.of(),
                List.of(), List.of(), Map.of(), null, new Report.Measures(null, restoreSeconds, 900, rtoTarget), null, null, null,
                null, null, null, null, null);
    }
}

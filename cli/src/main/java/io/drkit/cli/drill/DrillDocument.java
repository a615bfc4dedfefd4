package io.drkit.cli.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.cli.json.JsonDocuments;
import io.drkit.cli.json.PhaseKeys;
import io.drkit.cli.json.TargetMissView;
import io.drkit.cli.report.ReportLink;
import io.drkit.drill.DrillResult;
import io.drkit.core.manifest.PointId;
import io.drkit.report.Report;

/**
 * What scripts read from {@code drill --json}: the components in the order of the document.
 *
 * @param rtoSeconds from the declaration to a verified database; null when the restore never finished
 * @param phasesSeconds each phase's wall time, keyed {@code drill.<step>}, {@code restore.<step>} and
 *     {@code verify.<step>}; they add up to the RTO
 * @param rtoServingSeconds the RTO to serving; null for a point without tiers (it served only when complete)
 * @param serving the serving moment's figures and the traffic of stage 2; null for a point without tiers
 * @param report where the drill's report went; left out where the document is part of another (the demo's)
 */
public record DrillDocument(Report.Verdict verdict, String summary, Instant declaredAt, PointId pointId,
        Instant pointTime, String pointChoice, Duration rtoSeconds, Map<String, Duration> phasesSeconds,
        Duration rpoSeconds, String newestPointId, Duration rpoVerifiedSeconds, String verifiedPointId,
        Duration worstRpoSeconds, Duration rpoTargetSeconds, Duration rtoTargetSeconds, Duration rtoServingSeconds,
        Duration rtoServingTargetSeconds, ServingView serving, List<TargetMissView> misses,
        List<String> problems, List<String> warnings, Report.Traffic traffic, boolean kept,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReportLink report) {

    public static DrillDocument of(DrillResult r, ReportLink report) {
        Report.Drill d = r.report().drill();
        return new DrillDocument(r.report().verdict(), r.report().summary(), d.declaredAt(),
                r.assessment().point().pointId(), r.assessment().point().time(), d.pointChoice(),
                JsonDocuments.millis(d.rtoMillis()), PhaseKeys.of("drill", r.phases()),
                JsonDocuments.millis(d.rpoMillis()), d.newestPointId(), JsonDocuments.millis(d.rpoVerifiedMillis()),
                d.verifiedPointId(), JsonDocuments.millis(d.worstRpoMillis()), Duration.ofMillis(d.rpoTargetMillis()),
                Duration.ofMillis(d.rtoTargetMillis()),
                d.serving() == null ? null : Duration.ofMillis(d.serving().rtoMillis()),
                JsonDocuments.millis(d.rtoServingTargetMillis()), ServingView.of(d.serving()),
                TargetMissView.of(d.misses()), r.report().problems(),
                r.report().warningsOrNone(), d.traffic(), r.request().keep(), report);
    }
}

package io.drkit.cli.drill;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.cli.report.ReportLink;
import io.drkit.drill.DrillResult;
import io.drkit.objectives.TargetMiss;
import io.drkit.report.Report;

/**
 * What scripts read from {@code drill --json}: the components in the order of the document.
 *
 * @param rtoServingMillis the RTO to serving; null for a point without tiers (it served only when complete)
 * @param serving the serving moment's figures and the traffic of stage 2; null for a point without tiers
 * @param report where the drill's report went; left out where the document is part of another (the demo's)
 */
public record DrillDocument(Report.Verdict verdict, String summary, String declaredAt, String pointId,
        String pointTime, String pointChoice, Long rtoMillis, Map<String, Long> phasesMillis, Long rpoMillis,
        String newestPointId, Long rpoVerifiedMillis, String verifiedPointId, Long worstRpoMillis,
        long rpoTargetMillis, long rtoTargetMillis, Long rtoServingMillis, long rtoServingTargetMillis,
        Report.Serving serving, List<TargetMiss> misses, List<String> problems,
        List<String> warnings, Report.Traffic traffic, boolean kept,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReportLink report) {

    public static DrillDocument of(DrillResult r, ReportLink report) {
        Report.Drill d = r.report().drill();
        return new DrillDocument(r.report().verdict(), r.report().summary(), d.declaredAt().toString(),
                r.assessment().point().pointId(), r.assessment().point().time().toString(), d.pointChoice(),
                d.rtoMillis(), r.phases(), d.rpoMillis(), d.newestPointId(), d.rpoVerifiedMillis(), d.verifiedPointId(),
                d.worstRpoMillis(), d.rpoTargetMillis(), d.rtoTargetMillis(),
                d.serving() == null ? null : d.serving().rtoMillis(), d.rtoServingTargetMillis(), d.serving(),
                d.misses(), r.report().problems(),
                r.report().warningsOrNone(), d.traffic(), r.request().keep(), report);
    }
}

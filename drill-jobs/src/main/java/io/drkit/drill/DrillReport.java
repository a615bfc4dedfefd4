package io.drkit.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.drkit.core.config.DrkitProperties;
import io.drkit.core.objectives.Durations;
import io.drkit.core.objectives.TargetMiss;
import io.drkit.report.Report;
import io.drkit.report.ReportFactory;
import io.drkit.tracking.ServingFigures;
import io.drkit.tracking.SimulationStats;
import io.drkit.verify.restore.CheckOutcome;
import io.drkit.verify.restore.RestoreVerification;

/** A drill's report: the verdict in one sentence, what went wrong, and every figure with its target. */
final class DrillReport {

    private DrillReport() {}

    static Report draft(DrillResult r, ReportFactory factory, DrkitProperties.Targets targets, List<Report.Step> runbook) {
        DrillAssessment a = r.assessment();
        RestoreVerification v = r.verification();
        List<String> problems = new ArrayList<>();
        if (r.failure() != null) {
            problems.add("the restore did not finish: " + r.failure().getMessage());
        } else {
            problems.addAll(v.failures());
        }
        if (r.serving() != null) {
            problems.addAll(r.serving().proof().failures());
            ServingFigures load = r.serving().traffic();
            if (load != null && load.failed() > 0) {
                problems.add(load.failed() + " of " + (load.lookups() + load.scans())
                        + " lookups and scans on the restored database failed while its history loaded");
            }
        }
        r.misses().forEach(m -> problems.add(m.toString()));
        SimulationStats t = r.traffic();
        Report.Drill figures = new Report.Drill(r.request().declaredAt(), a.choice(), r.rtoMillis(),
                millis(a.rpo()), a.newest().pointId().value(), millis(a.rpoVerified()),
                a.verified().map(p -> p.pointId().value()).orElse(null),
                a.worst() == null ? null : a.worst().length().toMillis(),
                a.worst() == null ? null : a.worst().from(), a.worst() == null ? null : a.worst().to(),
                targets.window().toMillis(), targets.rpo().toMillis(), targets.rto().toMillis(), r.misses(),
                v == null ? null : v.restore().dataWork(),
                t == null ? null : new Report.Traffic(r.request().trafficRate(), t.events(), t.statusUpdates(),
                        t.newShipments(), t.deletes()),
                runbook, millis(a.history()), targets.rtoServing().toMillis(), serving(r));
        return factory.drill(r.passed(), summary(r, targets), problems, r.request().declaredAt(), r.finished(), a.point(), v,
                r.phases(), figures);
    }

    private static Report.Serving serving(DrillResult r) {
        ServingStage s = r.serving();
        if (s == null) {
            return null;
        }
        ServingFigures t = s.traffic();
        return new Report.Serving(s.servingAt(), s.rtoMillis(), s.proof().hotRows(),
                (int) s.proof().tables().stream().filter(table -> table.sourceRows() > 0).count(),
                s.proof().passed(), s.proof().checks().stream().map(c -> new Report.CheckRow(c.kind(), c.name(),
                        c.result().asPassed(), c.detail(), c.millis())).toList(),
                t == null ? null : new Report.ServingTraffic(r.request().trafficRate(), t.lookups(), t.lookupFailures(),
                        t.scans(), t.scanFailures(), t.lookupP50Millis(), t.lookupP99Millis()));
    }

    private static String summary(DrillResult r, DrkitProperties.Targets targets) {
        DrillAssessment a = r.assessment();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Disaster declared at %s; the %s point %s ",
                r.request().declaredAt(), a.choice(), a.point().pointId()));
        RestoreVerification v = r.verification();
        if (r.failure() != null) {
            s.append("could not be restored and verified.");
        } else {
            long matching = v.tables().stream().filter(x -> x.matches()).count();
            long held = v.checks().stream().filter(CheckOutcome::held).count();
            long run = v.checks().stream().filter(CheckOutcome::ran).count();
            ServingStage serving = r.serving();
            if (serving == null) {
                s.append("has no tiers, so it served only when complete: there is no RTO to serving. It ");
            } else {
                s.append(String.format(Locale.ROOT, "served its recent parcels in an RTO to serving of %s (target %s),"
                                + " its hot tier of %d rows %s; it ", Durations.human(serving.rtoMillis()),
                        Durations.human(targets.rtoServing()), serving.proof().hotRows(),
                        serving.proof().passed() ? "proven equal to the backup's" : "NOT equal to the backup's"));
                if (serving.traffic() != null) {
                    ServingFigures t = serving.traffic();
                    s.append(String.format(Locale.ROOT, "took %d lookups and scans while its history loaded, %d failed"
                                    + " (lookup p50 %s, p99 %s); it ", t.lookups() + t.scans(), t.failed(),
                            DrillService.latency(t.lookupP50Millis()), DrillService.latency(t.lookupP99Millis())));
                }
            }
            s.append(String.format(Locale.ROOT, "was restored and %s in an RTO%s of %s (target %s): %d of %d tables "
                            + "equal the backup, %d of %d checks hold.",
                    v.passed() ? "proven whole" : "found NOT whole", serving == null ? "" : " to complete",
                    Durations.human(r.rtoMillis()), Durations.human(targets.rto()), matching, v.tables().size(), held, run));
            v.rowsCountedOnly().ifPresent(said -> s.append(' ').append(said));
            if (!v.businessChecksConfigured()) {
                s.append(' ').append(RestoreVerification.NO_BUSINESS_CHECKS);
            }
        }
        s.append(String.format(Locale.ROOT, " RPO at the declaration %s (target %s).",
                a.rpo() == null ? "unknown" : Durations.human(a.rpo()), Durations.human(targets.rpo())));
        s.append(!r.misses().isEmpty() ? " Missed: " + String.join("; ", r.misses().stream().map(TargetMiss::figure).toList()) + "."
                : r.failure() != null ? " No RTO was measured." : " Every target was met.");
        return s.toString();
    }

    private static Long millis(java.time.Duration d) {
        return d == null ? null : d.toMillis();
    }
}

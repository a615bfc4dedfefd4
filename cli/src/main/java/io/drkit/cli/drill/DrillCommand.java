package io.drkit.cli.drill;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.cli.Launch;
import io.drkit.cli.JobCommand;
import io.drkit.cli.Output;
import io.drkit.cli.report.ReportPublisher;
import io.drkit.drill.DrillRequest;
import io.drkit.drill.DrillResult;
import io.drkit.drill.DrillService;
import io.drkit.core.error.DrkitException;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.JobOutcome.Figure;
import io.drkit.report.Report;
import io.drkit.report.ReportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"A simulated disaster, declared when the command starts: a recovery point restored into a",
            "scratch database, proven, and its RTO and RPO measured against drkit.targets. The proof is",
            "verify --restore's; the RTO runs from the declaration to a verified database, phase by phase;",
            "the RPO is taken at the declaration, with the worst over the window. A missed target is exit 4;",
            "a point that is not whole, exit 3.",
            "A point with tiers (drkit.tiers.hot) is restored in stages and has two RTOs: to serving (the hot",
            "tier restored, indexed and proven, against drkit.targets.rto-serving) and to complete; exit 4",
            "names the one missed. A point without tiers has no RTO to serving.",
            "The report carries the runbook to restore that point for real."})
public class DrillCommand implements Callable<Integer>, JobCommand {

    @Mixin
    Output output;

    @Option(names = "--point", paramLabel = "ID|random",
            description = {"The point to drill: an id, or random for any point the retention policy keeps",
                "(drkit.retention.*; old points rot too). Default: the newest."})
    String point;

    @Option(names = "--with-traffic", paramLabel = "RATE",
            description = {"Run the tracking simulator on the source at RATE scans per second while the drill runs;",
                "for a point with tiers, also put RATE waybill lookups and scans per second on the restored",
                "database from its serving moment until it is complete (failures and lookup p50/p99 reported)."})
    Double traffic;

    @Option(names = "--keep", description = "Keep the scratch database (with --failover: the promoted copy) afterwards.")
    boolean keep;

    @Option(names = "--failover", description = {"Fail over instead of restoring: promote a copy of the standby",
        "(drkit.standby.target-url; never the standby itself), measuring RTO (declaration to promoted and proven)",
        "and RPO (the age of its last point), beside the RTO of the latest restore drill."})
    boolean failover;

    private final ObjectProvider<DrillService> drills;
    private final ObjectProvider<ReportService> reports;
    private final ObjectProvider<FailoverDrill> failovers;
    private JobOutcome outcome;

    public DrillCommand(ObjectProvider<DrillService> drills, ObjectProvider<ReportService> reports,
            ObjectProvider<FailoverDrill> failovers) {
        this.drills = drills;
        this.reports = reports;
        this.failovers = failovers;
    }

    @Override
    public JobOutcome outcome() {
        return outcome;
    }

    @Override
    public Integer call() {
        if (failover) {
            if (point != null || traffic != null) {
                throw DrkitException.usage("--failover promotes the standby's copy at its point: it goes without "
                        + "--point and --with-traffic");
            }
            // its figures go out as job failover-drill: the drill's RTO is the restore's, which a failover must not overwrite
            outcome = JobOutcome.of(JobName.FAILOVER_DRILL);
            FailoverDrill.Ran ran = failovers.getObject().run(keep, output);
            outcome = ran.outcome();
            return ran.exitCode();
        }
        outcome = JobOutcome.of(JobName.DRILL);
        if (traffic != null && !(traffic > 0)) {
            throw DrkitException.usage("--with-traffic takes a positive number of scans per second, not " + traffic);
        }
        DrillService service = drills.getObject();
        DrillResult r = service.drill(DrillRequest.of(point, keep, traffic, Launch.time()), output.progress(),
                line -> System.err.println(line));
        outcome = outcome(outcome, r);
        AtomicReference<String> reportId = new AtomicReference<>();
        int code = ReportPublisher.publish(reports.getObject(), r.report(), output, link -> DrillDocument.of(r, link),
                DrillService.lines(r),
                r.exitCode(), true, stored -> {
                    reportId.set(stored.report().reportId());
                    outcome = outcome.label("report", stored.report().reportId());
                });
        service.record(r, reportId.get());
        return code;
    }

    /** The drill's figures and labels, added to {@code outcome}. */
    public static JobOutcome outcome(JobOutcome outcome, DrillResult r) {
        Report.Drill d = r.report().drill();
        JobOutcome o = outcome.label("point", r.assessment().point().pointId().value()).label("verdict", r.report().verdict().label())
                .with(Figure.RPO_TARGET, d.rpoTargetMillis() / 1000.0).with(Figure.RTO_TARGET, d.rtoTargetMillis() / 1000.0)
                .with(Figure.VERIFICATION_FAILURES, r.report().problems().size() - r.misses().size());
        o = withSeconds(o, Figure.RTO, d.rtoMillis());
        if (d.serving() != null) {
            // absent, not zero, for a point without tiers: it has no serving moment
            o = o.with(Figure.RTO_SERVING, d.serving().rtoMillis() / 1000.0);
            if (d.serving().traffic() != null) {
                o = o.with(Figure.SERVING_FAILURES, d.serving().traffic().failed());
            }
        }
        if (d.rtoServingTargetMillis() != null) {
            o = o.with(Figure.RTO_SERVING_TARGET, d.rtoServingTargetMillis() / 1000.0);
        }
        o = withSeconds(o, Figure.RPO, d.rpoMillis());
        o = withSeconds(o, Figure.RPO_VERIFIED, d.rpoVerifiedMillis());
        o = withSeconds(o, Figure.WORST_RPO, d.worstRpoMillis());
        if (r.verification() != null) {
            o = o.with(Figure.ROWS, r.verification().restore().rows())
                    .with(Figure.BYTES_READ, r.verification().restore().point().storedBytes());
        }
        return o;
    }

    private static JobOutcome withSeconds(JobOutcome outcome, Figure figure, Long millis) {
        return millis == null ? outcome : outcome.with(figure, millis / 1000.0);
    }
}

package io.drkit.cli.drill;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.cli.Launch;
import io.drkit.cli.Output;
import io.drkit.cli.report.ReportPublisher;
import io.drkit.drill.DrillRequest;
import io.drkit.drill.DrillResult;
import io.drkit.drill.DrillService;
import io.drkit.error.DrkitException;
import io.drkit.metrics.RunFigures;
import io.drkit.metrics.RunFigures.Figure;
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
            "The report carries the runbook to restore that point for real."})
public class DrillCommand implements Callable<Integer> {

    @Mixin
    Output output;

    @Option(names = "--point", paramLabel = "ID|random",
            description = {"The point to drill: an id, or random for any point the retention policy keeps",
                "(drkit.retention.*; old points rot too). Default: the newest."})
    String point;

    @Option(names = "--with-traffic", paramLabel = "RATE",
            description = "Run the tracking simulator on the source at RATE scans per second while the drill runs.")
    Double traffic;

    @Option(names = "--keep", description = "Keep the scratch database afterwards.")
    boolean keep;

    private final ObjectProvider<DrillService> drills;
    private final ObjectProvider<ReportService> reports;
    private final RunFigures figures;

    public DrillCommand(ObjectProvider<DrillService> drills, ObjectProvider<ReportService> reports, RunFigures figures) {
        this.drills = drills;
        this.reports = reports;
        this.figures = figures;
    }

    @Override
    public Integer call() {
        if (traffic != null && !(traffic > 0)) {
            throw DrkitException.usage("--with-traffic takes a positive number of scans per second, not " + traffic);
        }
        DrillService service = drills.getObject();
        DrillResult r = service.drill(new DrillRequest(point, keep, traffic, Launch.time()), output.progress(),
                line -> System.err.println(line));
        record(figures, r);
        AtomicReference<String> reportId = new AtomicReference<>();
        int code = ReportPublisher.publish(reports.getObject(), r.report(), output, link -> DrillDocument.of(r, link),
                DrillService.lines(r),
                r.exitCode(), true, stored -> {
                    reportId.set(stored.report().reportId());
                    figures.label("report", stored.report().reportId());
                });
        service.record(r, reportId.get());
        return code;
    }

    public static void record(RunFigures figures, DrillResult r) {
        Report.Drill d = r.report().drill();
        figures.label("point", r.assessment().point().pointId()).label("verdict", r.report().verdict().label());
        figures.set(Figure.RPO_TARGET, d.rpoTargetMillis() / 1000.0).set(Figure.RTO_TARGET, d.rtoTargetMillis() / 1000.0)
                .set(Figure.VERIFICATION_FAILURES, r.report().problems().size() - r.misses().size());
        setSeconds(figures, Figure.RTO, d.rtoMillis());
        setSeconds(figures, Figure.RPO, d.rpoMillis());
        setSeconds(figures, Figure.RPO_VERIFIED, d.rpoVerifiedMillis());
        setSeconds(figures, Figure.WORST_RPO, d.worstRpoMillis());
        if (r.verification() != null) {
            figures.set(Figure.ROWS, r.verification().restore().rows())
                    .set(Figure.BYTES_READ, r.verification().restore().point().storedBytes());
        }
    }

    private static void setSeconds(RunFigures figures, Figure figure, Long millis) {
        if (millis != null) {
            figures.set(figure, millis / 1000.0);
        }
    }
}

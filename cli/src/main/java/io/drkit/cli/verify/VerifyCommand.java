package io.drkit.cli.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.core.manifest.PointId;
import io.drkit.cli.JobCommand;
import io.drkit.cli.Output;
import io.drkit.cli.report.ReportPublisher;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.JobOutcome.Figure;
import io.drkit.report.Report;
import io.drkit.report.ReportService;
import io.drkit.core.progress.Sizes;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.verify.restore.RestoreVerification;
import io.drkit.verify.restore.RestoreVerifyService;
import io.drkit.verify.ObjectProblem;
import io.drkit.verify.ObjectVerifyResult;
import io.drkit.verify.ObjectVerifyService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the repository's points without a database: every manifest, and every object it",
            "names read in full (size, SHA-256, decryption, decompression); objects no manifest names are",
            "orphans. Any problem names the object and exits 3. With --sample, the given share of the",
            "objects is read, those read longest ago first, so repeated runs cover everything."})
public class VerifyCommand implements Callable<Integer>, JobCommand {

    @Mixin
    Output output;

    @ArgGroup(exclusive = true)
    Which which;

    static class Which {
        @Option(names = "--point", paramLabel = "ID", description = "This point (default: the newest).")
        PointId pointId;

        @Option(names = "--all", description = "Every point, and what unfinished backups left.")
        boolean all;
    }

    @Option(names = "--sample", paramLabel = "PERCENT",
            description = "Read only this share of the objects, those read longest ago first.")
    Double sample;

    @Option(names = "--restore", description = {"Restore the point into a scratch database, read every table back",
        "and compare with the manifest, check constraints, indexes (amcheck), the schema, owners,",
        "grants, policies, roles, the database's settings and extensions, and the configured",
        "business checks."})
    boolean restore;

    @Option(names = "--keep", description = "With --restore: keep the scratch database afterwards.")
    boolean keep;

    private final ObjectProvider<ObjectVerifyService> service;
    private final ObjectProvider<RestoreVerifyService> restoreService;
    private final ObjectProvider<ReportService> reportService;
    private JobOutcome outcome;

    public VerifyCommand(ObjectProvider<ObjectVerifyService> service, ObjectProvider<RestoreVerifyService> restoreService,
            ObjectProvider<ReportService> reportService) {
        this.service = service;
        this.restoreService = restoreService;
        this.reportService = reportService;
    }

    @Override
    public JobOutcome outcome() {
        return outcome;
    }

    @Override
    public Integer call() {
        // a restore verification is a job of its own: its metrics do not overwrite the nightly verify's
        outcome = JobOutcome.of(restore ? JobName.VERIFY_RESTORE : JobName.VERIFY);
        if (restore) {
            if (sample != null || (which != null && which.all)) {
                throw DrkitException.usage("--restore verifies one point: it takes --point, not --all or --sample");
            }
            return verifyRestore();
        }
        if (keep) {
            throw DrkitException.usage("--keep goes with --restore");
        }
        Instant started = Instant.now();
        ObjectVerifyResult r = service.getObject().verify(which == null ? null : which.pointId,
                which != null && which.all, sample, output.progress());
        outcome = outcome.with(Figure.BYTES_READ, r.bytesRead()).with(Figure.VERIFICATION_FAILURES, r.problems().size());
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s: %d points, %d of %d objects read (%s) in %.1f s",
                r.damaged() ? "DAMAGED" : r.whole() ? "whole" : "NOT VERIFIED", r.points().size(), r.objectsRead(),
                r.objectsInPoints(), Sizes.human(r.bytesRead()), r.duration().toMillis() / 1000.0));
        for (ObjectProblem p : r.problems()) {
            lines.add("  " + p);
        }
        if (!r.unreadableNow().isEmpty()) {
            lines.add("could not be read now (the object store failed; this is not damage, run verify again later):");
            r.unreadableNow().forEach(p -> lines.add("  " + p.key() + ": " + p.detail()));
        }
        if (!r.unfinishedPoints().isEmpty()) {
            lines.add("left alone while a backup runs: " + String.join(", ", r.unfinishedPoints()));
        }
        r.warnings().forEach(w -> lines.add("warning: " + w));
        ReportService reports = reportService.getObject();
        Report report = reports.factory().objects(r, started);
        // the alert and metrics speak of the point by id, and of the verdict in the report's words
        outcome = outcome.label("point", r.points().size() == 1 ? r.points().get(0).value() : "all")
                .label("verdict", report.verdict().label());
        int code = ReportPublisher.publish(reports, report, output, link -> ObjectsDocument.of(r, link), lines,
                r.damaged() ? ExitCode.INTEGRITY.code() : r.whole() ? 0 : ExitCode.JOB_FAILED.code(), true,
                p -> outcome = outcome.label("report", p.report().reportId()));
        if (!r.damaged() && !r.unreadableNow().isEmpty()) {
            // damage outranks it; otherwise the run failed for the store, and says so where cron mails stderr
            System.err.println("drkit: " + r.unreadableNow().get(0).detail()
                    + (r.unreadableNow().size() > 1 ? " (and " + (r.unreadableNow().size() - 1) + " more objects)" : ""));
        }
        return code;
    }

    private int verifyRestore() {
        RestoreVerification v = restoreService.getObject().verify(which == null ? null : which.pointId, keep,
                output.progress(), line -> System.err.println(line));
        ReportService reports = reportService.getObject();
        Report report = reports.factory().restoreVerification(v);
        outcome = outcome.with(Figure.ROWS, v.restore().rows()).with(Figure.BYTES_READ, v.restore().point().storedBytes())
                .with(Figure.VERIFICATION_FAILURES, v.failures().size())
                .label("point", v.restore().point().pointId().value()).label("verdict", report.verdict().label());
        List<String> lines = new ArrayList<>();
        lines.add((v.passed() ? "passed: " : "FAILED: ") + report.summary());
        v.failures().forEach(f -> lines.add("  " + f));
        report.warningsOrNone().forEach(w -> lines.add("warning: " + w));
        return ReportPublisher.publish(reports, report, output, link -> RestoreVerificationDocument.of(v, report, keep, link),
                lines, v.passed() ? 0 : ExitCode.INTEGRITY.code(), true,
                p -> outcome = outcome.label("report", p.report().reportId()));
    }
}

package io.drkit.cli.report;

import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.cli.Output;
import io.drkit.error.ExitCode;
import io.drkit.report.ReportCheck;
import io.drkit.report.ReportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Render the index page of every report in DRKIT_REPOSITORY (reports/index.html there",
            "and in the local report directory), with charts of RPO, RTO and durations over time.",
            "With --check, verify the reports' hash chain, HTML digests and Ed25519 signatures instead;",
            "the first break is named and exits 3."})
public class ReportCommand implements Callable<Integer> {

    @Mixin
    Output output;

    @Option(names = "--check", description = "Verify the hash chain and signatures of the stored reports.")
    boolean check;

    private final ObjectProvider<ReportService> service;

    public ReportCommand(ObjectProvider<ReportService> service) {
        this.service = service;
    }

    @Override
    public Integer call() {
        if (!check) {
            java.nio.file.Path index = service.getObject().index();
            output.result(new ReportIndexDocument(index.toString()), "report index: " + index);
            return 0;
        }
        ReportCheck c = service.getObject().check();
        output.result(ReportCheckDocument.of(c), c.holds()
                ? "the chain holds: " + c.reports() + " reports, " + c.signed() + " with verified signatures"
                : "BROKEN after " + c.reports() + " good reports: " + c.firstBreak());
        return c.holds() ? 0 : ExitCode.INTEGRITY.code();
    }
}

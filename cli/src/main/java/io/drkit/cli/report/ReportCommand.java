package io.drkit.cli.report;

import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.cli.Output;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.report.ReportCheck;
import io.drkit.report.ReportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Render the index page of every report in DRKIT_REPOSITORY (reports/index.html there",
            "and in the local report directory), with charts of RPO, RTO and durations over time.",
            "With --check, verify the reports' hash chain, HTML digests and Ed25519 signatures instead;",
            "the first break is named and exits 3. Signed reports are checked with the public key in",
            "DRKIT_REPORTS_VERIFY_KEY_FILE; --require-signatures also breaks on a report without one."})
public class ReportCommand implements Callable<Integer> {

    @Mixin
    Output output;

    @Option(names = "--check", description = "Verify the hash chain and signatures of the stored reports.")
    boolean check;

    @Option(names = "--require-signatures", description = {"With --check: every report must be signed, and its signature",
            "verify with DRKIT_REPORTS_VERIFY_KEY_FILE (exit 3 naming the first that is not)."})
    boolean requireSignatures;

    private final ObjectProvider<ReportService> service;

    public ReportCommand(ObjectProvider<ReportService> service) {
        this.service = service;
    }

    @Override
    public Integer call() {
        if (requireSignatures && !check) {
            throw DrkitException.usage("--require-signatures goes with --check");
        }
        if (!check) {
            java.nio.file.Path index = service.getObject().index();
            output.result(new ReportIndexDocument(index.toString()), "report index: " + index);
            return 0;
        }
        ReportCheck c = service.getObject().check(requireSignatures);
        output.result(ReportCheckDocument.of(c), c.holds()
                ? "the chain holds: " + c.reports() + " reports, " + c.signed() + " with verified signatures"
                        + (c.unchecked() == 0 ? "" : "; " + c.unchecked() + " signed reports NOT checked: set "
                                + "DRKIT_REPORTS_VERIFY_KEY_FILE to the public key")
                : "BROKEN after " + c.reports() + " good reports: " + c.firstBreak());
        return c.holds() ? 0 : ExitCode.INTEGRITY.code();
    }
}

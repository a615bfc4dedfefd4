package io.drkit.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import io.drkit.cli.Output;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.report.Report;
import io.drkit.report.ReportService;

/**
 * Stores a run's report and prints the result with where the report went. A report that cannot be
 * stored does not hide the result: it is printed, with why the report is missing. A verification
 * exists to leave evidence, so without its report it ends with exit 1; a restore that worked keeps
 * its exit code (in a disaster the data matters first), with the warning.
 */
public final class ReportPublisher {

    private ReportPublisher() {}

    /**
     * @param document the run's {@code --json} document, given where the report went
     * @return the command's exit code: the run's own, or 1 when the report could not be stored
     */
    public static int publish(ReportService reports, Report draft, Output output, Function<ReportLink, ?> document,
            List<String> lines, int exitCode, boolean evidence) {
        return publish(reports, draft, output, document, lines, exitCode, evidence, stored -> {});
    }

    /** @param stored told of the stored report before the result is printed; not called when it could not be stored */
    public static int publish(ReportService reports, Report draft, Output output, Function<ReportLink, ?> document,
            List<String> lines, int exitCode, boolean evidence, Consumer<ReportService.Published> stored) {
        List<String> human = new ArrayList<>(lines);
        int code = exitCode;
        ReportLink link;
        try {
            ReportService.Published p = reports.publish(draft);
            stored.accept(p);
            link = new ReportLink.Stored(p.report().reportId(), p.key(), p.localHtml().toString());
            human.add("report: " + p.localHtml() + " (and " + p.key() + " in the repository)");
        } catch (DrkitException | java.io.UncheckedIOException e) {
            link = new ReportLink.NotStored(e.getMessage());
            human.add("the report could not be stored: " + e.getMessage());
            code = code == 0 && evidence ? ExitCode.JOB_FAILED.code() : code;
        }
        output.result(document.apply(link), human.toArray(String[]::new));
        return code;
    }
}

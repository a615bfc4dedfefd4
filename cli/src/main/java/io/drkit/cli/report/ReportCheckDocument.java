package io.drkit.cli.report;

import org.jspecify.annotations.Nullable;

import io.drkit.report.Report;
import io.drkit.report.ReportCheck;

/**
 * What scripts read from {@code report --check --json}: the components in the order of the document.
 *
 * @param verdict {@code passed} when the chain holds (exit 0), {@code failed} at its first break (exit 3)
 * @param reports the reports checked before the first break, or all of them
 * @param signaturesUnchecked signed reports whose signature was not checked: no verification key was given
 * @param firstBreak the first break, named; null when the chain holds
 */
public record ReportCheckDocument(Report.Verdict verdict, String repository, int reports, int signed, int signaturesUnchecked,
        @Nullable String firstBreak) {

    static ReportCheckDocument of(ReportCheck c) {
        return new ReportCheckDocument(Report.Verdict.of(c.holds()), c.repository(), c.reports(), c.signed(), c.unchecked(),
                c.firstBreak());
    }
}

package io.drkit.cli.report;

import io.drkit.report.ReportCheck;

/**
 * What scripts read from {@code report --check --json}: the components in the order of the document.
 *
 * @param signaturesUnchecked signed reports whose signature was not checked: no verification key was given
 */
public record ReportCheckDocument(boolean holds, String repository, int reports, int signed, int signaturesUnchecked,
        String firstBreak) {

    static ReportCheckDocument of(ReportCheck c) {
        return new ReportCheckDocument(c.holds(), c.repository(), c.reports(), c.signed(), c.unchecked(),
                c.firstBreak());
    }
}

package io.drkit.cli.report;

import io.drkit.report.ReportCheck;

/** What scripts read from {@code report --check --json}: the components in the order of the document. */
public record ReportCheckDocument(boolean holds, String repository, int reports, int signed, String firstBreak) {

    static ReportCheckDocument of(ReportCheck c) {
        return new ReportCheckDocument(c.holds(), c.repository(), c.reports(), c.signed(), c.firstBreak());
    }
}

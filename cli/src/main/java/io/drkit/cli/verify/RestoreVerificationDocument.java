package io.drkit.cli.verify;

import java.util.List;
import java.util.Map;

import io.drkit.cli.report.ReportLink;
import io.drkit.report.Report;
import io.drkit.verify.restore.RestoreVerification;

/**
 * What scripts read from {@code verify --restore --json}: the report's verdict, tables, checks and phases, and the
 * components in the order of the document.
 */
public record RestoreVerificationDocument(Report.Verdict verdict, String summary, String pointId, String database,
        boolean kept, List<String> failures, List<String> warnings, List<Report.TableRow> tables,
        List<Report.CheckRow> checks, Map<String, Long> phasesMillis, ReportLink report) {

    static RestoreVerificationDocument of(RestoreVerification v, Report report, boolean kept, ReportLink link) {
        return new RestoreVerificationDocument(report.verdict(), report.summary(), v.restore().point().pointId(),
                v.restore().database(), kept, v.failures(), report.warningsOrNone(), report.tables(), report.checks(),
                report.phasesMillis(), link);
    }
}

package io.drkit.cli.verify;

import java.util.List;
import java.time.Duration;
import java.util.Map;

import io.drkit.cli.json.CheckRowView;
import io.drkit.cli.json.PhaseKeys;
import io.drkit.cli.report.ReportLink;
import io.drkit.core.manifest.PointId;
import io.drkit.report.Report;
import io.drkit.verify.restore.RestoreVerification;

/**
 * What scripts read from {@code verify --restore --json}: the report's verdict, tables, checks and phases, and the
 * components in the order of the document.
 *
 * @param problems what failed, one line each (empty when the verdict is {@code passed})
 * @param phasesSeconds each phase's wall time, keyed {@code restore.<step>} and {@code verify.<step>}
 */
public record RestoreVerificationDocument(Report.Verdict verdict, String summary, PointId pointId, String database,
        boolean kept, List<String> problems, List<String> warnings, List<Report.TableRow> tables,
        List<CheckRowView> checks, Map<String, Duration> phasesSeconds, ReportLink report) {

    static RestoreVerificationDocument of(RestoreVerification v, Report report, boolean kept, ReportLink link) {
        return new RestoreVerificationDocument(report.verdict(), report.summary(), v.restore().point().pointId(),
                v.restore().database(), kept, v.failures(), report.warningsOrNone(), report.tables(),
                CheckRowView.of(report.checks()), PhaseKeys.of("verify", report.phasesMillis()), link);
    }
}

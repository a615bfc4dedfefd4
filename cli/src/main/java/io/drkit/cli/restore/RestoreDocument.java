package io.drkit.cli.restore;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.cli.report.ReportLink;
import io.drkit.restore.RestoreResult;

/**
 * What scripts read from {@code restore --json}: the components in the order of the document.
 *
 * @param until the moment a point-in-time restore stopped at, or null
 * @param dataWorkMillis worker time inside the data phase by kind, summed over the workers
 * @param servingAt when a staged restore's database started serving; absent for a restore in one stage
 * @param onServingFailure why the {@code --on-serving} command failed; absent when it did not
 */
public record RestoreDocument(String pointId, String pointTime, String database, boolean scratch, boolean kept,
        boolean resumed, long rows, long parts, String kind, long changeRows, String until, double seconds,
        Map<String, Long> phasesMillis, Map<String, Long> dataWorkMillis, List<String> tablesLeftOut,
        List<String> skippedForeignKeys, List<String> createdRoles, List<String> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) String servingAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String onServingFailure, ReportLink report) {

    static RestoreDocument of(RestoreResult r, ReportLink report) {
        return new RestoreDocument(r.point().pointId(), r.point().time().toString(), r.database(), r.scratch(),
                r.kept(), r.resumed(), r.rows(), r.parts(), r.point().kind(), r.changeRows(),
                r.until() == null ? null : r.until().toString(), r.duration().toMillis() / 1000.0, r.phases(),
                r.dataWork(), r.tablesLeftOut(), r.skippedForeignKeys(), r.createdRoles(), r.warnings(),
                r.servingAt() == null ? null : r.servingAt().toString(), r.onServingFailure(), report);
    }
}

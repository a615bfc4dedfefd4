package io.drkit.cli.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.drkit.cli.json.JsonDocuments;
import io.drkit.cli.json.PhaseKeys;
import io.drkit.cli.report.ReportLink;
import io.drkit.core.manifest.PointId;
import io.drkit.restore.RestoreResult;

/**
 * What scripts read from {@code restore --json}: the components in the order of the document.
 *
 * @param until the moment a point-in-time restore stopped at, or null
 * @param phasesSeconds each phase's wall time, keyed {@code restore.<step>}
 * @param dataWorkSeconds worker time inside the data phase by kind, summed over the workers
 * @param servingAt when a staged restore's database started serving; null for a restore in one stage
 * @param onServingFailure why the {@code --on-serving} command failed; null when it did not
 */
public record RestoreDocument(PointId pointId, Instant pointTime, String database, boolean scratch, boolean kept,
        boolean resumed, long rows, long parts, String kind, long changeRows, Instant until, Duration durationSeconds,
        Map<String, Duration> phasesSeconds, Map<String, Duration> dataWorkSeconds, List<String> tablesLeftOut,
        List<String> skippedForeignKeys, List<String> createdRoles, List<String> warnings, Instant servingAt,
        String onServingFailure, ReportLink report) {

    static RestoreDocument of(RestoreResult r, ReportLink report) {
        return new RestoreDocument(r.point().pointId(), r.point().time(), r.database(), r.scratch(),
                r.kept(), r.resumed(), r.rows(), r.parts(), r.point().kind(), r.changeRows(), r.until(), r.duration(),
                PhaseKeys.of("restore", r.phases()), JsonDocuments.seconds(r.dataWork()), r.tablesLeftOut(),
                r.skippedForeignKeys(), r.createdRoles(), r.warnings(), r.servingAt(), r.onServingFailure(), report);
    }
}

package io.drkit.cli.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.backup.incremental.IncrementalResult;
import io.drkit.cli.json.PhaseKeys;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.progress.Sizes;

/**
 * What scripts read from {@code backup --incremental --json}: the components in the order of the document.
 *
 * @param parentPointId the point this one applies to
 * @param phasesSeconds each phase's wall time, keyed {@code backup.<step>}
 * @param tablesReadWhole tables read in full rather than from the change stream
 * @param slot the chain's replication slot; left out, with {@code slotRetainedBytes}, when the source has none
 * @param lastProvenPointId for a point without digests, the newest earlier point with them; left out otherwise
 */
public record IncrementalDocument(PointId pointId, String kind, PointId parentPointId, Instant time, String fromLsn,
        String toLsn, long transactions, long changeRows, int tablesChanged, long storedBytes, long rows,
        List<String> tablesReadWhole, Duration durationSeconds, Map<String, Duration> phasesSeconds,
        List<String> removedPointIds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String slot,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long slotRetainedBytes,
        @JsonInclude(JsonInclude.Include.NON_NULL) PointId lastProvenPointId) {

    public static IncrementalDocument of(IncrementalResult r) {
        Manifest m = r.manifest();
        return new IncrementalDocument(m.pointId(), m.kind(), m.parent(), m.time(), m.changes().fromLsn(),
                m.changes().toLsn(), m.changes().transactions(), r.changeRows(), m.changes().parts().size(),
                m.storedBytes(), m.rows(), r.readWhole(), r.duration(), PhaseKeys.of("backup", r.phases()), r.removed(),
                r.slot() == null ? null : r.slot().name(), r.slot() == null ? null : r.slot().retainedBytes(),
                m.lastProven());
    }

    /** The line people read. */
    public static String summary(IncrementalResult r) {
        Manifest m = r.manifest();
        return String.format(Locale.ROOT, "point %s on %s: %d transactions, %d changed rows in %d tables, %s stored "
                + "in %.1f s%s", m.pointId(), m.parent(), m.changes().transactions(), r.changeRows(),
                m.changes().parts().size(), Sizes.human(m.storedBytes()), r.duration().toMillis() / 1000.0,
                m.hasDigests() ? "" : "; rows counted, content not proven at this point (no digests)");
    }
}

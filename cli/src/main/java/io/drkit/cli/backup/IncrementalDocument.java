package io.drkit.cli.backup;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.backup.incremental.IncrementalResult;
import io.drkit.manifest.Manifest;
import io.drkit.progress.Sizes;

/**
 * What scripts read from {@code backup --incremental --json}: the components in the order of the document.
 *
 * @param tablesReadWhole tables read in full rather than from the change stream
 * @param slot the chain's replication slot; left out, with {@code slotRetainedBytes}, when the source has none
 * @param lastProven for a point without digests, the newest earlier point with them; left out otherwise
 */
public record IncrementalDocument(String pointId, String kind, String parent, String time, String fromLsn,
        String toLsn, long transactions, long changeRows, int tablesChanged, long storedBytes, long rows,
        List<String> tablesReadWhole, double seconds, Map<String, Long> phasesMillis, List<String> removedPoints,
        @JsonInclude(JsonInclude.Include.NON_NULL) String slot,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long slotRetainedBytes,
        @JsonInclude(JsonInclude.Include.NON_NULL) String lastProven) {

    public static IncrementalDocument of(IncrementalResult r) {
        Manifest m = r.manifest();
        return new IncrementalDocument(m.pointId(), m.kind(), m.parent(), m.time().toString(), m.changes().fromLsn(),
                m.changes().toLsn(), m.changes().transactions(), r.changeRows(), m.changes().parts().size(),
                m.storedBytes(), m.rows(), r.readWhole(), r.duration().toMillis() / 1000.0, r.phases(), r.removed(),
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

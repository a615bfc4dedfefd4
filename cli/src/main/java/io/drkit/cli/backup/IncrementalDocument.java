package io.drkit.cli.backup;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.drkit.backup.incremental.IncrementalResult;
import io.drkit.progress.Sizes;
import io.drkit.manifest.Manifest;

/** What {@code backup --incremental} prints: for scripts ({@code --json}) and for people. */
public final class IncrementalDocument {

    private IncrementalDocument() {}

    public static Map<String, Object> of(IncrementalResult r) {
        Manifest m = r.manifest();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("pointId", m.pointId());
        doc.put("kind", m.kind());
        doc.put("parent", m.parent());
        doc.put("time", m.time().toString());
        doc.put("fromLsn", m.changes().fromLsn());
        doc.put("toLsn", m.changes().toLsn());
        doc.put("transactions", m.changes().transactions());
        doc.put("changeRows", r.changeRows());
        doc.put("tablesChanged", m.changes().parts().size());
        doc.put("storedBytes", m.storedBytes());
        doc.put("rows", m.rows());
        doc.put("tablesReadWhole", r.readWhole());
        doc.put("seconds", r.duration().toMillis() / 1000.0);
        doc.put("phasesMillis", r.phases());
        doc.put("removedPoints", r.removed());
        if (r.slot() != null) {
            doc.put("slot", r.slot().name());
            doc.put("slotRetainedBytes", r.slot().retainedBytes());
        }
        return doc;
    }

    public static String summary(IncrementalResult r) {
        Manifest m = r.manifest();
        return String.format(Locale.ROOT, "point %s on %s: %d transactions, %d changed rows in %d tables, %s stored "
                + "in %.1f s", m.pointId(), m.parent(), m.changes().transactions(), r.changeRows(),
                m.changes().parts().size(), Sizes.human(m.storedBytes()), r.duration().toMillis() / 1000.0);
    }
}

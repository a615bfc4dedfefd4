package io.drkit.core.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.ChangePart;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.manifest.PointId;

/**
 * A point and the points it stands on: a full point, then each incremental point in order up to
 * the one asked for. Restoring an incremental point loads the full point's rows and applies every
 * incremental's changes after it.
 *
 * @param points the full point first, the point asked for last
 */
public record PointChain(List<Manifest> points) {

    public static PointChain of(PointRepository repository, Manifest point) {
        List<Manifest> chain = new ArrayList<>();
        Manifest m = point;
        chain.add(m);
        while (m.incremental()) {
            PointId parent = m.parent();
            if (!repository.store().exists(PointLayout.manifest(parent))) {
                throw DrkitException.integrity("point " + point.pointId() + " stands on point " + parent
                        + ", which is not in " + repository.store().uri() + ": the chain is broken");
            }
            m = repository.manifest(parent);
            chain.add(m);
        }
        Collections.reverse(chain);
        return new PointChain(List.copyOf(chain));
    }

    public Manifest full() {
        return points.get(0);
    }

    public Manifest last() {
        return points.get(points.size() - 1);
    }

    /** The incremental points, in order. */
    public List<Manifest> incrementals() {
        return points.subList(1, points.size());
    }

    /**
     * The chain as one point to restore: the last point's tables (rows and digests as they stand
     * there) with the full point's parts, the full point's schema with the last point's sequence
     * positions, and every incremental's change parts in order. For a full point, the point itself.
     */
    public Manifest effective() {
        Manifest full = full();
        Manifest last = last();
        if (!last.incremental()) {
            return last;
        }
        Map<String, TableEntry> fullTables = full.tables().stream()
                .collect(Collectors.toMap(t -> t.schema() + "." + t.name(), Function.identity()));
        List<TableEntry> tables = last.tables().stream().map(t -> new TableEntry(t.schema(), t.name(), t.partitionRoot(),
                t.columns(), t.rows(), t.digest(), fullTables.get(t.schema() + "." + t.name()).parts(), null)).toList();
        List<ChangePart> parts = incrementals().stream().flatMap(m -> m.changes().parts().stream()).toList();
        long transactions = incrementals().stream().mapToLong(m -> m.changes().transactions()).sum();
        Manifest.Changes changes = new Manifest.Changes(last.changes().slot(), last.changes().publication(),
                full.changes().toLsn(), last.changes().toLsn(), transactions, parts);
        Manifest.SchemaFiles schema = new Manifest.SchemaFiles(full.schema().preData(), full.schema().postData(),
                last.schema().sequences(), last.schema().fingerprint());
        return new Manifest(last.formatVersion(), last.pointId(), last.kind(), last.parent(), last.time(), last.source(),
                last.snapshot(), last.codec(), schema, tables, last.timings(), last.toolVersion(), changes, full.access(),
                full.warnings(), last.digestAlgorithm(), last.lastProven());
    }

    /**
     * The shortest chain that reaches {@code time}: it ends at the first point at or after it, whose
     * changes a restore applies only up to that moment.
     */
    public PointChain upTo(Instant time) {
        for (int i = 0; i < points.size(); i++) {
            if (!points.get(i).time().isBefore(time)) {
                return new PointChain(points.subList(0, i + 1));
            }
        }
        return this;
    }
}

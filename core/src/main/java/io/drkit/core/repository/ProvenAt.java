package io.drkit.core.repository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;

/**
 * Where the content of a point without digests is proven: the nearest later point of its chain that
 * has digests. Every change the unproven point holds is also applied by that point's chain, so a
 * restore of it that reads back equal to its digests proves the changes before it too; a change lost
 * before it shows there, in the table it belongs to. A point with digests is proven at itself.
 */
public final class ProvenAt {

    private ProvenAt() {}

    /**
     * For one point, reading the manifests of later points, oldest first, until one of its chain has digests.
     *
     * @return the point itself when it has digests; empty when no later point of its chain has them yet
     */
    public static Optional<Manifest> find(PointRepository repository, Manifest point) {
        if (point.hasDigests()) {
            return Optional.of(point);
        }
        PointId tip = point.pointId();
        for (PointId id : repository.idsAfter(point.pointId())) {
            Optional<Manifest> later = repository.manifestIfPresent(id);
            if (later.isEmpty() || !tip.equals(later.get().parent())) {
                continue;
            }
            if (later.get().hasDigests()) {
                return later;
            }
            tip = id;
        }
        return Optional.empty();
    }

    /**
     * For points already read (a listing, retention): each point's proving point's id, by point id.
     * A point with digests maps to itself; one whose chain has no later point with digests is left out.
     */
    public static Map<PointId, PointId> among(List<Manifest> points) {
        Map<PointId, List<Manifest>> children = new HashMap<>();
        points.stream().filter(m -> m.parent() != null)
                .forEach(m -> children.computeIfAbsent(m.parent(), p -> new ArrayList<>()).add(m));
        Map<PointId, PointId> proven = new HashMap<>();
        for (Manifest m : points) {
            if (m.hasDigests()) {
                proven.put(m.pointId(), m.pointId());
                continue;
            }
            Manifest at = m;
            while (at != null && !at.hasDigests()) {
                at = children.getOrDefault(at.pointId(), List.of()).stream()
                        .min(Comparator.comparing(c -> c.pointId().time())).orElse(null);
            }
            if (at != null) {
                proven.put(m.pointId(), at.pointId());
            }
        }
        return proven;
    }

    /** What a report or listing says of a point without digests. */
    public static String describe(Manifest point, Optional<PointId> provenAt) {
        return "rows counted, content not proven at this point; " + provenAt.map(p -> "proven at " + p)
                .orElse("no later point of its chain has digests yet (last proven at " + point.lastProven() + ")");
    }
}

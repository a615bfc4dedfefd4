package io.drkit.restore;

import java.time.Instant;
import java.util.List;

import io.drkit.core.manifest.PointId;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.repository.PointChain;
import io.drkit.core.repository.PointRepository;

/**
 * Which point a restore loads: the one named, the newest, or for a moment the point that reaches it.
 * A moment inside an incremental point's span (after its parent, before it) is reached by that
 * point's chain with its changes applied only up to the moment: transaction by transaction.
 */
final class PointChooser {

    /**
     * @param point the point's chain as one point (see PointChain#effective)
     * @param fullPointId the full point the chain starts at (the point itself, for a full point)
     * @param until the moment the changes are applied up to, or null for all of them
     */
    record Choice(Manifest point, PointId fullPointId, Instant until) {

        static Choice of(PointChain chain, Instant until) {
            return new Choice(chain.effective(), chain.full().pointId(), until);
        }
    }

    private PointChooser() {}

    /** The point a caller already chose (a drill's assessment), with its chain. */
    static Choice chosen(PointRepository repository, Manifest point) {
        return Choice.of(PointChain.of(repository, point), null);
    }

    static Choice choose(PointRepository repository, PointId pointId, Instant time) {
        if (pointId != null) {
            return Choice.of(PointChain.of(repository, repository.manifest(pointId)), null);
        }
        List<Manifest> points = repository.points();
        if (points.isEmpty()) {
            throw DrkitException.usage("the repository " + repository.store().uri() + " holds no complete point");
        }
        if (time == null) {
            return Choice.of(PointChain.of(repository, points.get(0)), null);
        }
        Manifest atOrBefore = points.stream().filter(m -> !m.time().isAfter(time)).findFirst()
                .orElseThrow(() -> DrkitException.usage("no point at or before " + time + "; the oldest is "
                        + points.get(points.size() - 1).pointId() + " (" + points.get(points.size() - 1).time() + ")"));
        int index = points.indexOf(atOrBefore);
        Manifest next = index > 0 ? points.get(index - 1) : null;
        if (atOrBefore.time().equals(time) || next == null || !next.incremental()
                || !atOrBefore.pointId().equals(next.parent())) {
            return Choice.of(PointChain.of(repository, atOrBefore), null);
        }
        return Choice.of(PointChain.of(repository, next), time);
    }
}

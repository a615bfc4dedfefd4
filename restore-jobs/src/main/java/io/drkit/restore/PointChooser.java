package io.drkit.restore;

import java.time.Instant;
import java.util.List;

import io.drkit.error.DrkitException;
import io.drkit.manifest.Manifest;
import io.drkit.repository.PointRepository;

/** Which point a restore loads: the one named, the newest at or before a time, or the newest. */
final class PointChooser {

    private PointChooser() {}

    static Manifest choose(PointRepository repository, String pointId, Instant time) {
        if (pointId != null) {
            return repository.manifest(pointId);
        }
        List<Manifest> points = repository.points();
        if (points.isEmpty()) {
            throw DrkitException.usage("the repository " + repository.store().uri() + " holds no complete point");
        }
        if (time == null) {
            return points.get(0);
        }
        return points.stream().filter(m -> !m.time().isAfter(time)).findFirst()
                .orElseThrow(() -> DrkitException.usage("no point at or before " + time + "; the oldest is "
                        + points.get(points.size() - 1).pointId() + " (" + points.get(points.size() - 1).time() + ")"));
    }
}

package io.drkit.restore;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.StoredFile;
import io.drkit.core.repository.PointChain;
import io.drkit.core.repository.PointRepository;

/**
 * What to restore when a point turns out damaged: the newest other point that does not use the
 * damaged object (points of one chain share their full point's parts, so the damage may reach
 * several). "Run the same command" would only meet the same damage again.
 */
final class DamageAdvice {

    private DamageAdvice() {}

    /**
     * @param damaged the point (its chain as one point) whose restore met the damage
     * @param failure the integrity error, which names the object
     */
    static String otherPoint(PointRepository repository, Manifest damaged, String failure) {
        String object = damaged.objects().stream().map(StoredFile::key).filter(failure::contains).findFirst()
                .orElse(null);
        List<Manifest> points;
        try {
            points = repository.scan().points();
        } catch (RuntimeException e) {
            return "check the other points with drkit verify --all and restore the newest that is whole";
        }
        for (Manifest candidate : points) {
            if (candidate.pointId().equals(damaged.pointId())) {
                continue;
            }
            Set<String> uses;
            try {
                uses = PointChain.of(repository, candidate).effective().objects().stream().map(StoredFile::key)
                        .collect(Collectors.toSet());
            } catch (RuntimeException e) {
                continue; // a broken chain is no way out either
            }
            if (object == null ? !uses.containsAll(damaged.objects().stream().map(StoredFile::key).toList())
                    : !uses.contains(object)) {
                return "the newest point that does not use " + (object == null ? "this point's objects" : object)
                        + " is " + candidate.pointId() + " (" + candidate.time() + "): drkit verify --point "
                        + candidate.pointId() + ", then drkit restore --point " + candidate.pointId();
            }
        }
        return "no other point of " + repository.store().uri() + " does without "
                + (object == null ? "its objects" : object) + ": take a new backup while the source is there";
    }
}

package io.drkit.prune;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import io.drkit.core.manifest.PointId;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.catalog.LockName;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.repository.PointLayout;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.store.ObjectStore;
import io.drkit.report.VerifiedPoints;
import io.drkit.core.retention.RetentionPolicy;
import io.drkit.core.retention.RetentionPolicy.Decision;

/**
 * {@code drkit prune}: applies the retention policy. It holds the repository's backup lock, so no
 * backup writes while it removes. A point goes manifest first: from that moment it does not exist,
 * and a prune killed half-way leaves an incomplete point, which the next prune (or backup) clears,
 * never a manifest that names objects that are gone.
 */
@Service
public class PruneService {

    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;
    private final VerifiedPoints verifiedPoints;
    private final PruneFailPoints failPoints;

    public PruneService(RuntimeSettings settings, RepositoryOpener opener, Catalog catalog,
            VerifiedPoints verifiedPoints, PruneFailPoints failPoints) {
        this.settings = settings;
        this.opener = opener;
        this.catalog = catalog;
        this.verifiedPoints = verifiedPoints;
        this.failPoints = failPoints;
    }

    public PruneResult prune(boolean dryRun, Consumer<String> log) {
        try (PointRepository repository = opener.open(4);
                CatalogLock lock = catalog.lock(LockName.backup(repository.identity()), "drkit prune")) {
            List<Manifest> points = repository.points();
            List<Decision> decisions = decide(repository.identity(), points, lockedInStore(repository.store(), points));
            List<String> leftovers = new ArrayList<>(repository.incompletePoints().keySet());
            if (!dryRun) {
                int removed = 0;
                for (Decision d : decisions) {
                    if (!d.keep()) {
                        repository.store().delete(PointLayout.manifest(d.point().id()));
                        failPoints.haltAfter(++removed);
                        int objects = repository.deleteIncomplete(d.point().id().value());
                        log.accept("prune: removed point " + d.point().id() + " (" + (objects + 1) + " objects)");
                    }
                }
                for (String id : leftovers) {
                    int objects = repository.deleteIncomplete(id);
                    log.accept("prune: removed incomplete point " + id + " (" + objects + " objects)");
                }
            }
            return new PruneResult(repository.identity().uri(), decisions, leftovers, dryRun);
        }
    }

    /** What the retention policy does with each of the repository's points (newest first), and why. */
    public List<Decision> decisions(RepositoryIdentity repository, List<Manifest> points) {
        return decide(repository, points, Map.of());
    }

    private List<Decision> decide(RepositoryIdentity repository, List<Manifest> points, Map<PointId, String> locked) {
        Map<PointId, String> keep = protectedPoints(repository, points);
        locked.forEach(keep::putIfAbsent);
        return settings.properties().retention().policy().apply(
                points.stream().map(m -> new RetentionPolicy.Point(m.pointId(), m.time(), m.parent(), m.hasDigests())).toList(),
                keep);
    }

    /**
     * Points whose manifest the store itself holds under Object Lock, asked of the store when the
     * settings name no lock: a prune run without them deleted such points' objects without version ids,
     * which on a locked bucket only hides them behind delete markers, and said it had removed them.
     */
    private Map<PointId, String> lockedInStore(ObjectStore store, List<Manifest> points) {
        Map<PointId, String> locked = new LinkedHashMap<>();
        if (!settings.properties().objectLock().mode().isBlank() || !store.supportsObjectLock()) {
            return locked;
        }
        Instant now = Instant.now();
        for (Manifest m : points) {
            store.retainedUntil(PointLayout.manifest(m.pointId())).filter(now::isBefore)
                    .ifPresent(until -> locked.put(m.pointId(), "under Object Lock until " + until));
        }
        return locked;
    }

    /** Points that stay whatever the rules say: the newest one a restore proved whole, and locked ones. */
    private Map<PointId, String> protectedPoints(RepositoryIdentity repository, List<Manifest> points) {
        Map<PointId, String> keep = new LinkedHashMap<>();
        verifiedPoints.newest(repository, Instant.now()).ifPresent(v -> keep.put(v.pointId(), "the newest point a restore proved whole"));
        DrkitProperties.ObjectLock lock = settings.properties().objectLock();
        if (!lock.mode().isBlank()) {
            for (Manifest m : points) {
                Instant locked = m.timings() == null ? m.time() : m.timings().finished();
                // locked when its manifest was written, so until a little after it finished plus the retention
                Instant until = locked.plus(lock.retention()).plusSeconds(3600);
                if (until.isAfter(Instant.now())) {
                    keep.putIfAbsent(m.pointId(), "under Object Lock until about " + until);
                }
            }
        }
        return keep;
    }
}

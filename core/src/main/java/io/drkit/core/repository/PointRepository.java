package io.drkit.core.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.drkit.core.manifest.PointId;
import io.drkit.core.codec.Encryption;
import io.drkit.core.codec.RepositoryKey;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.RepositoryDescriptor;
import io.drkit.core.store.ObjectInfo;
import io.drkit.core.store.ObjectMissingException;
import io.drkit.core.store.ObjectStore;

/**
 * A drkit repository: its descriptor, its points and their manifests. Only a point with a manifest
 * exists; anything else under {@code points/} is the leftover of a backup that did not finish.
 */
public final class PointRepository implements AutoCloseable {

    private static final int MANIFEST_READERS = 16;

    private final RepositoryIdentity identity;
    private final ObjectStore store;
    private final RepositoryDescriptor descriptor;
    private final RepositoryKey key;

    private PointRepository(RepositoryIdentity identity, ObjectStore store, RepositoryDescriptor descriptor,
            RepositoryKey key) {
        this.identity = identity;
        this.store = store;
        this.descriptor = descriptor;
        this.key = key;
    }

    /**
     * Creates the descriptor, or checks an existing one against the configured key.
     *
     * @return true when the repository was created, false when it already existed
     */
    public static boolean init(ObjectStore store, RepositoryKey key) {
        Optional<RepositoryDescriptor> existing = readDescriptor(store);
        if (existing.isPresent()) {
            checkKey(store, existing.get(), key);
            return false;
        }
        RepositoryDescriptor d = new RepositoryDescriptor(RepositoryDescriptor.FORMAT_VERSION, Instant.now(),
                key == null ? null : Encryption.ALGORITHM, key == null ? List.of() : List.of(key.id()));
        store.put(PointLayout.DESCRIPTOR, RepositoryJson.MAPPER.writeValueAsBytes(d));
        return true;
    }

    /**
     * The repository takes the store over: closing the repository closes it.
     *
     * @param key the configured key, or null
     */
    public static PointRepository open(ObjectStore store, RepositoryKey key) {
        return open(RepositoryIdentity.of(store.uri()), store, key);
    }

    /** @param identity the repository's one name, from the configured URI */
    public static PointRepository open(RepositoryIdentity identity, ObjectStore store, RepositoryKey key) {
        RepositoryDescriptor d = readDescriptor(store).orElseThrow(() -> DrkitException.usage(
                "no drkit repository at " + store.uri() + ": run `drkit init` first"));
        checkKey(store, d, key);
        return new PointRepository(identity, store, d, key);
    }

    private static Optional<RepositoryDescriptor> readDescriptor(ObjectStore store) {
        if (!store.exists(PointLayout.DESCRIPTOR)) {
            return Optional.empty();
        }
        // a read that fails is the store's fault (exit 1); only bytes read whole and not a descriptor are damage
        byte[] json = store.read(PointLayout.DESCRIPTOR);
        RepositoryDescriptor d;
        try {
            d = RepositoryJson.MAPPER.readValue(json, RepositoryDescriptor.class);
        } catch (RuntimeException e) {
            throw DrkitException.integrity(store.locate(PointLayout.DESCRIPTOR) + " is not a drkit descriptor ("
                    + json.length + " bytes that are not its JSON): restore it from a copy, or run drkit init on a new "
                    + "repository");
        }
        if (d.formatVersion() > RepositoryDescriptor.FORMAT_VERSION) {
            throw DrkitException.usage("the repository " + store.uri() + " has format version " + d.formatVersion()
                    + "; this drkit reads up to " + RepositoryDescriptor.FORMAT_VERSION + ": upgrade drkit");
        }
        return Optional.of(d);
    }

    private static void checkKey(ObjectStore store, RepositoryDescriptor d, RepositoryKey key) {
        boolean encrypted = d.keyIds() != null && !d.keyIds().isEmpty();
        if (encrypted && key == null) {
            throw DrkitException.usage("the repository " + store.uri() + " is encrypted (key id "
                    + String.join(", ", d.keyIds()) + "): set DRKIT_ENCRYPTION_KEY_FILE to its key file");
        }
        if (encrypted && !d.keyIds().contains(key.id())) {
            throw DrkitException.usage("wrong encryption key: the repository " + store.uri() + " uses key id "
                    + String.join(", ", d.keyIds()) + ", the key in DRKIT_ENCRYPTION_KEY_FILE has id " + key.id());
        }
        if (!encrypted && key != null) {
            throw DrkitException.usage("the repository " + store.uri() + " was initialised without encryption, but "
                    + "DRKIT_ENCRYPTION_KEY_FILE is set: unset it, or use a new repository for encrypted points");
        }
    }

    /** The repository's one name: lock names, catalog keys, slot tags and reports derive from it. */
    public RepositoryIdentity identity() {
        return identity;
    }

    public ObjectStore store() {
        return store;
    }

    /** Closes the store. */
    @Override
    public void close() {
        store.close();
    }

    public RepositoryDescriptor descriptor() {
        return descriptor;
    }

    /** The configured key, or null for an unencrypted repository. */
    public RepositoryKey key() {
        return key;
    }

    /**
     * Complete points, newest first.
     *
     * @throws DrkitException exit 3 when a manifest is damaged (see {@link #scan()} to get the others)
     */
    public List<Manifest> points() {
        Scan scan = scan();
        if (!scan.damaged().isEmpty()) {
            throw scan.damaged().get(0).problem();
        }
        return scan.points();
    }

    /**
     * A point whose manifest is there but cannot be used.
     *
     * @param problem the integrity error reading it gave (exit 3)
     */
    public record DamagedPoint(String pointId, DrkitException problem) {}

    /** The points whose manifests read well, newest first, and those whose manifests are damaged. */
    public record Scan(List<Manifest> points, List<DamagedPoint> damaged) {}

    /** Every point: one damaged manifest does not hide the healthy points. */
    public Scan scan() {
        List<Object> read = readAll(folderIds());
        List<Manifest> points = new ArrayList<>();
        List<DamagedPoint> damaged = new ArrayList<>();
        for (Object o : read) {
            if (o instanceof Manifest m) {
                points.add(m);
            } else {
                damaged.add((DamagedPoint) o);
            }
        }
        points.sort(Comparator.comparing(Manifest::time).thenComparing(Manifest::pointId).reversed());
        return new Scan(points, damaged);
    }

    /**
     * The ids of every point folder, complete or not, newest first: one listing of the folders, where
     * listing the objects would name every part of every point (thousands of keys on S3).
     */
    private List<String> folderIds() {
        return store.folders(PointLayout.POINTS).stream().sorted(Comparator.reverseOrder()).toList();
    }

    /**
     * The manifests of those points that have one, read several at a time: on S3 each is a round trip,
     * and a repository that keeps chains of incrementals holds hundreds, which status, list, prune and
     * every drill read.
     */
    private List<Object> readAll(List<String> ids) {
        if (ids.size() < 2) {
            return new ArrayList<>(ids.stream().map(this::manifestOrDamage).flatMap(Optional::stream).toList());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MANIFEST_READERS, ids.size()));
        try {
            List<Future<Optional<Object>>> reads = ids.stream().map(id -> pool.submit(() -> manifestOrDamage(id)))
                    .toList();
            List<Object> manifests = new ArrayList<>(ids.size());
            for (Future<Optional<Object>> read : reads) {
                read.get().ifPresent(manifests::add);
            }
            return manifests;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DrkitException.failed("interrupted while reading the manifests of " + store.uri(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The manifest, a {@link DamagedPoint}, or empty for a point without a manifest. */
    private Optional<Object> manifestOrDamage(String pointId) {
        try {
            return manifestIfCommitted(pointId).map(m -> m);
        } catch (DrkitException e) {
            if (e.exitCode() != ExitCode.INTEGRITY) {
                throw e;
            }
            return Optional.of(new DamagedPoint(pointId, e));
        }
    }

    public Manifest manifest(PointId pointId) {
        return manifestIfCommitted(pointId.value()).orElseThrow(() -> DrkitException.usage("no point " + pointId + " in "
                + store.uri()));
    }

    /**
     * The point's manifest, or empty for a point without one (a backup running, or one that died).
     *
     * @param pointId the point's folder under {@code points/}: an id, or a folder as listed (unchecked; a manifest
     *     in a folder not named as a point cannot name it, so it is damage)
     */
    private Optional<Manifest> manifestIfCommitted(String pointId) {
        byte[] json;
        try {
            json = store.read(PointLayout.manifest(pointId));
        } catch (ObjectMissingException e) {
            return Optional.empty();
        }
        Manifest m;
        try {
            m = RepositoryJson.MAPPER.readValue(json, Manifest.class);
        } catch (RuntimeException e) {
            if (namesNoPoint(e)) {
                // PointId refused an id in it (the only drkit exception a manifest's JSON can raise): as before ids
                // were typed, a manifest whose ids are no point ids is not well formed
                throw DrkitException.integrity("the manifest of point " + pointId + " is not well formed");
            }
            throw DrkitException.integrity("the manifest of point " + pointId + " cannot be read: "
                    + store.locate(PointLayout.manifest(pointId)) + " is not manifest JSON (" + json.length + " bytes; "
                    + e.getClass().getSimpleName() + "): the point cannot be restored; use another point");
        }
        int expected = Manifest.formatVersion(m.incremental(), m.hasDigests());
        if (m.formatVersion() != expected) {
            throw DrkitException.integrity("the manifest of point " + pointId + " has format version "
                    + m.formatVersion() + ", which this drkit does not know (it reads " + Manifest.FORMAT_VERSION
                    + " for full points, " + Manifest.INCREMENTAL_FORMAT_VERSION + " for incremental ones and "
                    + Manifest.UNPROVEN_FORMAT_VERSION + " for incremental ones without digests)");
        }
        if (m.pointId() == null || !pointId.equals(m.pointId().value()) || m.tables() == null || m.schema() == null || m.codec() == null
                || (m.incremental() && (m.parent() == null || m.changes() == null || m.changes().parts() == null))) {
            throw DrkitException.integrity("the manifest of point " + pointId + " is not well formed");
        }
        ManifestKeys.requireInside(m, store.locate(PointLayout.manifest(pointId)));
        return Optional.of(m);
    }

    /** Whether reading a manifest failed on an id in it that is no point id (PointId refused it). */
    private static boolean namesNoPoint(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DrkitException d && d.exitCode() == ExitCode.USAGE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The newest complete point, reading only the manifests of the newest second's ids (ids carry their
     * time to the second): a repository with thousands of incremental points is not read whole for it.
     */
    public Optional<Manifest> newest() {
        Map<String, List<String>> bySecond = folderIds().stream().collect(Collectors.groupingBy(
                id -> id.substring(0, Math.min(16, id.length())), LinkedHashMap::new, Collectors.toList()));
        for (List<String> ids : bySecond.values()) {
            Optional<Manifest> newest = ids.stream().map(this::manifestIfCommitted).flatMap(Optional::stream)
                    .max(Comparator.comparing(Manifest::time).thenComparing(Manifest::pointId));
            if (newest.isPresent()) {
                return newest;
            }
        }
        return Optional.empty();
    }

    /**
     * Ids of the point folders after this one (complete or not), oldest first: one listing of the folders. A
     * folder not named as a point is none.
     */
    public List<PointId> idsAfter(PointId pointId) {
        return folderIds().stream().filter(PointId::isValid).map(PointId::of).filter(id -> id.compareTo(pointId) > 0)
                .sorted().toList();
    }

    /** The point's manifest, or empty when it has none (a backup running, one that died, one pruned). */
    public Optional<Manifest> manifestIfPresent(PointId pointId) {
        return manifestIfCommitted(pointId.value());
    }

    /**
     * Ids of the points that have a manifest, without reading them, newest first: the folders as listed, not
     * checked.
     */
    public List<String> pointIds() {
        return store.list(PointLayout.POINTS).stream().map(ObjectInfo::key)
                .filter(k -> k.endsWith("/" + PointLayout.MANIFEST)).map(PointLayout::pointOf)
                .sorted(Comparator.reverseOrder()).toList();
    }

    /** The commit of a point: after this, it exists. */
    public void writeManifest(Manifest manifest) {
        store.put(PointLayout.manifest(manifest.pointId()), RepositoryJson.MAPPER.writeValueAsBytes(manifest));
    }

    /** Ids of points that have objects but no manifest, with their object counts. */
    public Map<String, Integer> incompletePoints() {
        Map<String, Integer> objects = new TreeMap<>();
        Map<String, Boolean> complete = new TreeMap<>();
        for (ObjectInfo o : store.list(PointLayout.POINTS)) {
            String id = PointLayout.pointOf(o.key());
            if (id != null) {
                objects.merge(id, 1, Integer::sum);
                if (o.key().equals(PointLayout.manifest(id))) {
                    complete.put(id, true);
                }
            }
        }
        objects.keySet().removeAll(complete.keySet());
        return objects;
    }

    /**
     * Discards every write under {@code points/} that was never committed: uploads of killed runs.
     * Only the holder of the repository's backup lock may call this, as it cannot tell a dead
     * writer from a live one.
     */
    public int discardUnfinishedWrites() {
        return store.discardUnfinishedWrites(PointLayout.POINTS);
    }

    /** Removes every object of an incomplete point; refuses to touch a complete one. */
    public int deleteIncomplete(String pointId) {
        if (store.exists(PointLayout.manifest(pointId))) {
            throw new IllegalStateException("point " + pointId + " is complete");
        }
        List<ObjectInfo> objects = store.list(PointLayout.pointPrefix(pointId));
        for (ObjectInfo o : objects) {
            store.delete(o.key());
        }
        store.discardUnfinishedWrites(PointLayout.pointPrefix(pointId));
        return objects.size();
    }
}

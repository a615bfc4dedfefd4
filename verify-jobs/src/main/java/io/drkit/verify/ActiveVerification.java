package io.drkit.verify;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.drkit.core.batch.RunKind;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.progress.Progress;
import io.drkit.core.repository.PointRepository;

/**
 * A running object verification as its steps see it, in the process that started it or on a worker:
 * the repository, each point's codec, and the count of reads in a row the object store failed, past
 * which it is down and the run ends rather than wait out the retry budget for every object left.
 */
final class ActiveVerification {

    static final String RUN_ID = "runId";
    static final RunKind<ActiveVerification> RUN = new RunKind<>(ActiveVerification.class, RUN_ID,
            id -> "verification run " + id + " is not running in this process");

    private final String runId;
    private final PointRepository repository;
    private final Function<PointId, Manifest.Codec> codecs;
    private final Map<PointId, Manifest.Codec> known = new ConcurrentHashMap<>();
    private final List<ObjectCheck> chosen;
    private final int storeDown;
    private final AtomicInteger failingInARow = new AtomicInteger();
    private volatile Progress progress = Progress.NONE;

    /**
     * @param codecs each point's codec, by point id
     * @param chosen the objects to read (the manager's; a worker reads those its partitions name)
     * @param storeDown failed reads in a row that mean the object store is down
     */
    ActiveVerification(String runId, PointRepository repository, Function<PointId, Manifest.Codec> codecs,
            List<ObjectCheck> chosen, int storeDown) {
        this.runId = runId;
        this.repository = repository;
        this.codecs = codecs;
        this.chosen = chosen;
        this.storeDown = storeDown;
    }

    String runId() {
        return runId;
    }

    PointRepository repository() {
        return repository;
    }

    List<ObjectCheck> chosen() {
        return chosen;
    }

    Codec codec(PointId pointId) {
        return new Codec(Compression.of(codecOf(pointId).compression()), 1, repository.key());
    }

    boolean encrypted(PointId pointId) {
        return codecOf(pointId).encryption() != null;
    }

    private Manifest.Codec codecOf(PointId pointId) {
        return known.computeIfAbsent(pointId, codecs);
    }

    /** @return the failed reads in a row so far, this one included */
    int failedRead() {
        return failingInARow.incrementAndGet();
    }

    void readWell() {
        failingInARow.set(0);
    }

    int storeDown() {
        return storeDown;
    }

    void progress(Progress p) {
        progress = p;
    }

    Progress progress() {
        return progress;
    }
}

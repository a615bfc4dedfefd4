package io.drkit.restore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.drkit.core.progress.Progress;

/**
 * Figures of a running restore: the wall time of each phase, and, inside the data phase, where the
 * workers' time went (waiting for the object store, decrypting and decompressing, loading).
 */
public final class RestoreMeter {

    private final Map<String, Long> phaseMillis = new ConcurrentHashMap<>();
    private final AtomicLong fetchNanos = new AtomicLong();
    private final AtomicLong decodeNanos = new AtomicLong();
    private final AtomicLong loadNanos = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong partsLoaded = new AtomicLong();
    private final AtomicLong changeRows = new AtomicLong();
    private final List<String> createdRoles = new CopyOnWriteArrayList<>();
    private volatile boolean chain;
    private volatile boolean staged;
    private volatile Progress progress = Progress.NONE;

    void rolesCreated(List<String> names) {
        createdRoles.addAll(names);
    }

    /** Roles the point names that this restore created on the target. */
    List<String> createdRoles() {
        return createdRoles;
    }

    void progress(Progress p) {
        this.progress = p;
    }

    void phase(String name, long millis) {
        phaseMillis.merge(name, millis, Long::sum);
    }

    void part(long fetch, long decode, long load, long stored, long partRows) {
        fetchNanos.addAndGet(fetch);
        decodeNanos.addAndGet(decode);
        loadNanos.addAndGet(load);
        storedBytes.addAndGet(stored);
        rows.addAndGet(partRows);
        partsLoaded.incrementAndGet();
        progress.advance(stored);
        progress.status(rows.get() + " rows");
    }

    /** The restore is of a chain: its phases include applying the changes. */
    void chain() {
        chain = true;
    }

    /** The restore runs in two stages around its serving moment: its phases are the staged job's. */
    void staged() {
        staged = true;
    }

    void changes(long rows) {
        changeRows.addAndGet(rows);
        progress.status(this.rows.get() + " rows, " + changeRows.get() + " changes");
    }

    /** Wall milliseconds per phase, in the order they ran. */
    public Map<String, Long> phases() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (RestoreStep step : staged ? RestoreStep.STAGED : RestoreStep.ONE_STAGE) {
            // changes are a chain's only
            if (chain || step != RestoreStep.CHANGES) {
                ordered.put(step.stepName(), phaseMillis.getOrDefault(step.stepName(), 0L));
            }
        }
        return ordered;
    }

    /** Change rows of a chain's incremental points applied. */
    public long changeRows() {
        return changeRows.get();
    }

    /** Worker milliseconds inside the data phase, summed over the workers. */
    public Map<String, Long> dataWork() {
        Map<String, Long> work = new LinkedHashMap<>();
        work.put("fetch", fetchNanos.get() / 1_000_000);
        work.put("decryptAndDecompress", decodeNanos.get() / 1_000_000);
        work.put("load", loadNanos.get() / 1_000_000);
        return work;
    }

    public long rows() {
        return rows.get();
    }

    public long partsLoaded() {
        return partsLoaded.get();
    }

    public long storedBytes() {
        return storedBytes.get();
    }
}

package io.drkit.backup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.drkit.core.manifest.Manifest.PartEntry;
import io.drkit.core.progress.Progress;

/** Live figures of a backup, fed by the workers, shown by the progress display. */
public final class BackupMeter {

    private final AtomicLong copyBytes = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicInteger partsStored = new AtomicInteger();
    private final Map<String, AtomicInteger> partsLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> tableRows = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> tableBytes = new ConcurrentHashMap<>();
    private volatile Progress progress = Progress.NONE;
    private volatile Consumer<String> tableDone = t -> {};

    void start(BackupPlan plan, Progress progress, Consumer<String> tableDone) {
        this.progress = progress;
        this.tableDone = tableDone;
        for (PlannedPart p : plan.parts()) {
            partsLeft.computeIfAbsent(p.table(), t -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** COPY text read from the source, as it streams. */
    void streamed(long bytes) {
        copyBytes.addAndGet(bytes);
        progress.advance(bytes);
    }

    void partStored(String table, PartEntry part) {
        storedBytes.addAndGet(part.bytes());
        rows.addAndGet(part.rows());
        partsStored.incrementAndGet();
        tableRows.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(part.rows());
        tableBytes.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(part.copyBytes());
        progress.status(rows.get() + " rows, " + table);
        AtomicInteger left = partsLeft.get(table);
        if (left != null && left.decrementAndGet() == 0) {
            tableDone.accept(table);
        }
    }

    public long copyBytes() {
        return copyBytes.get();
    }

    public long rows(String table) {
        AtomicLong r = tableRows.get(table);
        return r == null ? 0 : r.get();
    }

    public long copyBytes(String table) {
        AtomicLong b = tableBytes.get(table);
        return b == null ? 0 : b.get();
    }

    public int partsStored() {
        return partsStored.get();
    }
}

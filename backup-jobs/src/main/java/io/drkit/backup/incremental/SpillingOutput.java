package io.drkit.backup.incremental;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a table's encoded changes wait for their upload: in memory while they are small, in a local
 * file once they pass the threshold or the run's memory budget is spent. Most points change little,
 * so most parts never touch the disk; a large one costs a file, not the heap.
 */
final class SpillingOutput extends OutputStream {

    /** What all of a run's change parts may hold in memory together. */
    static final class Budget {
        private final long limit;
        private long used;

        Budget(long limit) {
            this.limit = limit;
        }

        synchronized boolean take(long bytes) {
            if (used + bytes > limit) {
                return false;
            }
            used += bytes;
            return true;
        }

        synchronized void giveBack(long bytes) {
            used -= bytes;
        }
    }

    private final Path file;
    private final long threshold;
    private final Budget budget;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
    private OutputStream spilled;

    SpillingOutput(Path file, long threshold, Budget budget) {
        this.file = file;
        this.threshold = threshold;
        this.budget = budget;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (memory != null && (memory.size() + len > threshold || !budget.take(len))) {
            spill();
        }
        if (memory != null) {
            memory.write(b, off, len);
        } else {
            spilled.write(b, off, len);
        }
    }

    private void spill() throws IOException {
        spilled = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        memory.writeTo(spilled);
        budget.giveBack(memory.size());
        memory = null;
    }

    boolean spilled() {
        return memory == null;
    }

    @Override
    public void flush() throws IOException {
        if (spilled != null) {
            spilled.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (spilled != null) {
            spilled.close();
        }
    }

    /** Copies what was written (after {@link #close()}) to the object being written. */
    void copyTo(OutputStream writer) throws IOException {
        if (memory != null) {
            memory.writeTo(writer);
        } else {
            Files.copy(file, writer);
        }
    }

    /** Frees the memory or the file. */
    void release() throws IOException {
        if (memory != null) {
            budget.giveBack(memory.size());
            memory = null;
            spilled = OutputStream.nullOutputStream();
        }
        Files.deleteIfExists(file);
    }
}

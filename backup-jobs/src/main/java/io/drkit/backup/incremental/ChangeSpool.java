package io.drkit.backup.incremental;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;

import io.drkit.core.codec.Codec;
import io.drkit.core.digest.ContentDigest;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.pg.CopyTextWriter;
import io.drkit.core.store.ObjectStore;
import io.drkit.core.store.ObjectWriter;
import io.drkit.core.store.StoredObject;

/**
 * One table's changes of a point, encoded (compressed and encrypted) as they arrive (tables' changes
 * interleave in the slot), so that no row reaches the disk in the clear when the repository is
 * encrypted; held in memory while small and spilled to a local file past a threshold
 * ({@link SpillingOutput}); uploaded as the table's change part once the slot is read.
 */
final class ChangeSpool {

    private final SpillingOutput spool;
    private final OutputStream encoded;
    private final ContentDigest digest;
    /** One row's text, reused from row to row. */
    private final StringBuilder line = new StringBuilder(256);
    private final CopyTextWriter text = new CopyTextWriter(line);
    private long seq;
    private Instant firstCommit;
    private Instant lastCommit;
    /** The last commit time's text: a transaction's rows share it, and formatting an Instant is not free. */
    private String lastCommitText;

    ChangeSpool(Path file, Codec codec, long threshold, SpillingOutput.Budget budget, DigestAlgorithm algorithm)
            throws IOException {
        this.spool = new SpillingOutput(file, threshold, budget);
        this.digest = new ContentDigest(algorithm);
        this.encoded = codec.encode(spool);
    }

    /** A change row: {@code lsn, seq, committed, op, unchanged, <columns>} in COPY text. */
    void row(String lsn, Instant committed, char op, BitSet unchanged, String[] values) throws IOException {
        line.setLength(0);
        if (committed != lastCommit || lastCommitText == null) {
            lastCommitText = committed == null ? null : committed.toString();
        }
        text.plain(lsn).plain(++seq).plain(lastCommitText).plain(op)
                .plain(unchanged.isEmpty() ? null : unchanged.stream().mapToObj(Integer::toString)
                        .collect(java.util.stream.Collectors.joining(",", "{", "}")));
        for (int i = 0; i < values.length; i++) {
            text.text(unchanged.get(i) ? null : values[i]);
        }
        text.endRow();
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        digest.write(bytes, 0, bytes.length);
        encoded.write(bytes);
        if (firstCommit == null) {
            firstCommit = committed;
        }
        lastCommit = committed;
    }

    /** The stored part and what went into it. */
    record Stored(StoredObject object, long plainBytes, long rows, String digest, Instant firstCommit,
            Instant lastCommit) {}

    Stored upload(ObjectStore store, String key) throws IOException {
        encoded.close();
        digest.close();
        try (ObjectWriter writer = store.create(key)) {
            spool.copyTo(writer);
            StoredObject object = writer.commit();
            return new Stored(object, digest.bytes(), digest.rows(), digest.hex(), firstCommit, lastCommit);
        } finally {
            spool.release();
        }
    }

    /** Whether the part went to a local file (it passed the threshold, or the run's budget was spent). */
    boolean spilled() {
        return spool.spilled();
    }

    void discard() {
        try {
            encoded.close();
        } catch (IOException ignored) {
            // the file goes anyway
        }
        try {
            spool.release();
        } catch (IOException ignored) {
            // in a directory that is removed as a whole
        }
    }
}

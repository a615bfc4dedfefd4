package io.drkit.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A streamed write. Bytes are hashed as they pass; {@link #commit()} makes the object visible and
 * returns what was stored; {@link #close()} without a commit throws the write away.
 */
public abstract class ObjectWriter extends OutputStream {

    private final String key;
    private final MessageDigest sha256;
    private long bytes;
    private StoredObject committed;
    private boolean closed;

    protected ObjectWriter(String key) {
        this.key = key;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String key() {
        return key;
    }

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        if (committed != null || closed) {
            throw new IOException("write to " + key + " after it was committed or closed");
        }
        sha256.update(b, off, len);
        bytes += len;
        writeBytes(b, off, len);
    }

    public final StoredObject commit() throws IOException {
        if (committed == null) {
            finish();
            committed = new StoredObject(key, bytes, HexFormat.of().formatHex(sha256.digest()));
        }
        return committed;
    }

    @Override
    public final void close() throws IOException {
        if (!closed) {
            closed = true;
            if (committed == null) {
                abort();
            }
        }
    }

    protected abstract void writeBytes(byte[] b, int off, int len) throws IOException;

    /** Makes the object visible under its key. */
    protected abstract void finish() throws IOException;

    /** Removes every trace of an uncommitted write. Must not throw for a write that never started. */
    protected abstract void abort();
}

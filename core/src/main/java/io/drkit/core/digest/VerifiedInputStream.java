package io.drkit.core.digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.drkit.core.error.DrkitException;

/**
 * A stored object read back, checked against the size and SHA-256 its manifest gives. The check runs
 * when the stream ends, before the reader sees the end, so nothing read from a damaged object is
 * ever committed; {@link #finish()} reads what a decoder left unread and checks too.
 */
public final class VerifiedInputStream extends FilterInputStream {

    private final MessageDigest sha256;
    private final long expectedBytes;
    private final String expectedSha256;
    private final String what;
    private long bytes;
    private boolean checked;
    private Failure failure;

    /** What the check found wrong with the stored bytes. */
    public enum Failure { SIZE, TRUNCATED, CHECKSUM }

    /** @param what names the object in the error, e.g. its key */
    public VerifiedInputStream(InputStream in, long expectedBytes, String expectedSha256, String what) {
        super(in);
        this.expectedBytes = expectedBytes;
        this.expectedSha256 = expectedSha256;
        this.what = what;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            check();
            return n;
        }
        sha256.update(b, off, n);
        bytes += n;
        if (bytes > expectedBytes) {
            failure = Failure.SIZE;
            throw DrkitException.integrity(what + " is longer than the " + expectedBytes + " bytes its manifest gives");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // every byte must pass through the digest
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads to the end (what a decoder did not need) and checks the object. */
    public void finish() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // draining into the digest
        }
    }

    /**
     * @return what this check found wrong with the object, or null: a reader's other errors then came
     *         from what it decoded
     */
    public Failure failure() {
        return failure;
    }

    private void check() {
        if (checked) {
            return;
        }
        checked = true;
        if (bytes != expectedBytes) {
            failure = Failure.TRUNCATED;
            throw DrkitException.integrity(what + " is truncated: " + bytes + " bytes, its manifest gives " + expectedBytes);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            failure = Failure.CHECKSUM;
            throw DrkitException.integrity(what + " does not match its SHA-256 in the manifest (damaged or altered)");
        }
    }
}

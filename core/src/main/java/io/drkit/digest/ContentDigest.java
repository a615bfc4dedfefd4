package io.drkit.digest;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An order-independent digest of COPY text: the SHA-256 of every row (line), added up modulo
 * 2<sup>256</sup>. Two streams with the same rows in any order, split into parts in any way, give
 * the same digest, so a table read back after a restore can be compared with its backup without
 * sorting. Adding is commutative, so part digests {@link #combine combine} into a table's.
 */
public final class ContentDigest extends OutputStream {

    private static final int WORDS = 4;

    private final MessageDigest sha256;
    private final long[] sum = new long[WORDS];
    private long rows;
    private long bytes;
    private boolean rowOpen;

    public ContentDigest() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes += len;
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                sha256.update(b, start, i + 1 - start);
                addRow();
                start = i + 1;
            }
        }
        if (start < end) {
            sha256.update(b, start, end - start);
            rowOpen = true;
        }
    }

    private void addRow() {
        add(sum, sha256.digest());
        rows++;
        rowOpen = false;
    }

    /** Rows seen so far; a final row without a newline counts once {@link #close()} is called. */
    public long rows() {
        return rows;
    }

    public long bytes() {
        return bytes;
    }

    public String hex() {
        byte[] out = new byte[WORDS * 8];
        for (int w = 0; w < WORDS; w++) {
            long v = sum[w];
            for (int i = 0; i < 8; i++) {
                out[out.length - 1 - (w * 8 + i)] = (byte) (v >>> (8 * i));
            }
        }
        return HexFormat.of().formatHex(out);
    }

    @Override
    public void close() {
        if (rowOpen) {
            addRow();
        }
    }

    /** The digest of the union of the rows behind two digests. */
    public static String combine(String a, String b) {
        long[] acc = new long[WORDS];
        add(acc, HexFormat.of().parseHex(a));
        add(acc, HexFormat.of().parseHex(b));
        ContentDigest d = new ContentDigest();
        System.arraycopy(acc, 0, d.sum, 0, WORDS);
        return d.hex();
    }

    public static String empty() {
        return new ContentDigest().hex();
    }

    /** Adds a big-endian 256-bit number to little-endian 64-bit words, dropping the final carry. */
    private static void add(long[] acc, byte[] bigEndian) {
        long carry = 0;
        for (int w = 0; w < WORDS; w++) {
            long word = 0;
            int base = bigEndian.length - 8 * (w + 1);
            for (int i = 0; i < 8; i++) {
                word = (word << 8) | (bigEndian[base + i] & 0xFFL);
            }
            long s = acc[w] + word;
            long c1 = Long.compareUnsigned(s, acc[w]) < 0 ? 1 : 0;
            long s2 = s + carry;
            long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            acc[w] = s2;
            carry = c1 | c2;
        }
    }
}

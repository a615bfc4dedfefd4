package io.drkit.core.digest;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import com.dynatrace.hash4j.hashing.HashStream128;
import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hasher128;
import com.dynatrace.hash4j.hashing.Hashing;

/**
 * An order-independent digest of COPY text: a hash of every row (line), added up modulo
 * 2<sup>256</sup>. Two streams with the same rows in any order, split into parts in any way, give
 * the same digest, so a table read back after a restore can be compared with its backup without
 * sorting. Adding is commutative, so part digests {@link #combine combine} into a table's. The
 * per-row hash is the point's {@link DigestAlgorithm}: digests of different algorithms never match.
 */
public final class ContentDigest extends OutputStream {

    private static final int WORDS = 4;
    private static final Hasher128 XXH3 = Hashing.xxh3_128();

    private final @Nullable MessageDigest sha256;
    /** A row split across writes, for XXH3; a row within one write is hashed in one call, without it. */
    private final @Nullable HashStream128 xxh3Row;
    private final long[] sum = new long[WORDS];
    private long rows;
    private long bytes;
    private boolean rowOpen;

    public ContentDigest(DigestAlgorithm algorithm) {
        if (algorithm == DigestAlgorithm.SHA256_SUM) {
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            this.xxh3Row = null;
        } else {
            this.sha256 = null;
            this.xxh3Row = XXH3.hashStream();
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
                row(b, start, i + 1 - start);
                start = i + 1;
            }
        }
        if (start < end) {
            if (sha256 != null) {
                sha256.update(b, start, end - start);
            } else {
                xxh3Row.putBytes(b, start, end - start);
            }
            rowOpen = true;
        }
    }

    /** The end of a row: its last bytes, after whatever earlier writes held of it. */
    private void row(byte[] b, int off, int len) {
        if (sha256 != null) {
            sha256.update(b, off, len);
            add(sum, sha256.digest());
        } else if (rowOpen) {
            add(sum, xxh3Row.putBytes(b, off, len).get());
            xxh3Row.reset();
        } else {
            add(sum, XXH3.hashBytesTo128Bits(b, off, len));
        }
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
        return hex(sum);
    }

    private static String hex(long[] sum) {
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
            row(new byte[0], 0, 0);
        }
    }

    /** The digest of the union of the rows behind two digests. */
    public static String combine(String a, String b) {
        long[] acc = new long[WORDS];
        add(acc, HexFormat.of().parseHex(a));
        add(acc, HexFormat.of().parseHex(b));
        return hex(acc);
    }

    /** The digest of no rows, the same in every algorithm. */
    public static String empty() {
        return hex(new long[WORDS]);
    }

    /** Adds a 128-bit hash as a number, carrying into the upper words. */
    private static void add(long[] acc, HashValue128 h) {
        long lo = acc[0] + h.getLeastSignificantBits();
        long carry = Long.compareUnsigned(lo, acc[0]) < 0 ? 1 : 0;
        acc[0] = lo;
        long hi = acc[1] + h.getMostSignificantBits();
        long c1 = Long.compareUnsigned(hi, acc[1]) < 0 ? 1 : 0;
        long hi2 = hi + carry;
        long c2 = Long.compareUnsigned(hi2, hi) < 0 ? 1 : 0;
        acc[1] = hi2;
        carry = c1 | c2;
        for (int w = 2; w < WORDS && carry != 0; w++) {
            acc[w]++;
            carry = acc[w] == 0 ? 1 : 0;
        }
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

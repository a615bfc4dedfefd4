package io.drkit.core.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import io.drkit.core.error.DrkitException;

/**
 * Compression of data parts, in standard formats only, so that {@code zstd -d}, {@code gunzip} or
 * {@code xz -d} read a part without drkit.
 */
public enum Compression {
    ZSTD("zstd", ".zst", 1, 19),
    GZIP("gzip", ".gz", 1, 9),
    XZ("xz", ".xz", 0, 9),
    NONE("none", "", 0, 0);

    private final String label;
    private final String suffix;
    private final int minLevel;
    private final int maxLevel;

    Compression(String label, String suffix, int minLevel, int maxLevel) {
        this.label = label;
        this.suffix = suffix;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    public static Compression of(String label) {
        for (Compression c : values()) {
            if (c.label.equals(label == null ? "" : label.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw DrkitException.usage("unknown compression '" + label + "' (zstd, gzip, xz or none)");
    }

    public String label() {
        return label;
    }

    /** The file-name suffix of a part in this format ({@code .zst}, ...). */
    public String suffix() {
        return suffix;
    }

    public void checkLevel(int level) {
        if (this != NONE && (level < minLevel || level > maxLevel)) {
            throw DrkitException.usage(label + " compression level must be between " + minLevel + " and " + maxLevel
                    + ", not " + level);
        }
    }

    public OutputStream compress(OutputStream out, int level) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdCompressorOutputStream(out, level, true);
            case GZIP -> {
                GzipParameters p = new GzipParameters();
                p.setCompressionLevel(level);
                yield new GzipCompressorOutputStream(out, p);
            }
            case XZ -> new XZCompressorOutputStream(out, level);
            case NONE -> out;
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdCompressorInputStream(in);
            case GZIP -> new GzipCompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in);
            case NONE -> in;
        };
    }
}

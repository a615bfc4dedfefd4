package io.drkit.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the time a reader spends waiting in {@code read}, and the bytes it gets. */
final class TimedInputStream extends FilterInputStream {

    private long nanos;
    private long bytes;

    TimedInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        long t = System.nanoTime();
        int b = super.read();
        nanos += System.nanoTime() - t;
        if (b >= 0) {
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long t = System.nanoTime();
        int n = super.read(b, off, len);
        nanos += System.nanoTime() - t;
        if (n > 0) {
            bytes += n;
        }
        return n;
    }

    long nanos() {
        return nanos;
    }

    long bytes() {
        return bytes;
    }
}

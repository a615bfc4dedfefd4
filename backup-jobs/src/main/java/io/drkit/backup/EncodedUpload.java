package io.drkit.backup;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import io.drkit.core.codec.Codec;
import io.drkit.core.digest.ContentDigest;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.store.ObjectStore;
import io.drkit.core.store.ObjectWriter;
import io.drkit.core.store.StoredObject;

/**
 * One object written through the codec: plain bytes in, digest and size counted on the way, encoded
 * bytes stored. Nothing is visible under the key unless the whole body was written and encoded.
 */
public final class EncodedUpload {

    /** Writes the plain content of an object. */
    public interface Body {
        void writeTo(OutputStream plain) throws IOException;
    }

    /** What went in and what was stored. */
    public record Result(StoredObject stored, long plainBytes, long rows, String digest) {}

    private static final int BUFFER = 256 * 1024;

    private EncodedUpload() {}

    public static Result write(ObjectStore store, String key, Codec codec, Body body, Meter meter) throws IOException {
        try (Open upload = open(store, key, codec, meter)) {
            body.writeTo(upload.plain());
            return upload.finish();
        }
    }

    /** An upload the caller writes to, for writing several objects from one stream (a part split by tier). */
    public static Open open(ObjectStore store, String key, Codec codec, Meter meter) throws IOException {
        return new Open(store.create(key), codec, meter);
    }

    /** An object being written: {@link #finish} stores it; closing without it leaves nothing under the key. */
    public static final class Open implements AutoCloseable {
        private final ObjectWriter writer;
        private final ContentDigest digest = new ContentDigest(DigestAlgorithm.CURRENT);
        private final OutputStream plain;
        private boolean finished;

        private Open(ObjectWriter writer, Codec codec, Meter meter) throws IOException {
            this.writer = writer;
            try {
                this.plain = new BufferedOutputStream(new Tee(digest, codec.encode(new KeepOpen(writer)), meter), BUFFER);
            } catch (IOException | RuntimeException e) {
                writer.close();
                throw e;
            }
        }

        public OutputStream plain() {
            return plain;
        }

        public Result finish() throws IOException {
            finished = true;
            plain.close();
            digest.close();
            return new Result(writer.commit(), digest.bytes(), digest.rows(), digest.hex());
        }

        @Override
        public void close() throws IOException {
            try {
                if (!finished) {
                    plain.close();
                }
            } catch (IOException ignored) {
                // the object is abandoned below anyway
            } finally {
                writer.close();
            }
        }
    }

    /** Counts plain bytes as they pass. */
    public interface Meter {
        void streamed(long bytes);
    }

    /** Sends each buffer to the digest and the encoder; closing finishes the encoding. */
    private static final class Tee extends OutputStream {
        private final ContentDigest digest;
        private final OutputStream encoded;
        private final Meter meter;

        Tee(ContentDigest digest, OutputStream encoded, Meter meter) {
            this.digest = digest;
            this.encoded = encoded;
            this.meter = meter;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            digest.write(b, off, len);
            encoded.write(b, off, len);
            meter.streamed(len);
        }

        @Override
        public void close() throws IOException {
            encoded.close();
        }
    }

    /** The encoder closes what it wraps when it finishes; the writer must stay open for its commit. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

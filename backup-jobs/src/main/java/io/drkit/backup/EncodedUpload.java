package io.drkit.backup;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import io.drkit.codec.Codec;
import io.drkit.digest.ContentDigest;
import io.drkit.digest.DigestAlgorithm;
import io.drkit.store.ObjectStore;
import io.drkit.store.ObjectWriter;
import io.drkit.store.StoredObject;

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
        try (ObjectWriter writer = store.create(key)) {
            ContentDigest digest = new ContentDigest(DigestAlgorithm.CURRENT);
            OutputStream encoded = codec.encode(new KeepOpen(writer));
            try (OutputStream plain = new BufferedOutputStream(new Tee(digest, encoded, meter), BUFFER)) {
                body.writeTo(plain);
            }
            digest.close();
            return new Result(writer.commit(), digest.bytes(), digest.rows(), digest.hex());
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

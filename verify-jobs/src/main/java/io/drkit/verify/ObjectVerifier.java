package io.drkit.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.drkit.codec.Codec;
import io.drkit.digest.VerifiedInputStream;
import io.drkit.error.DrkitException;
import io.drkit.error.ExitCode;
import io.drkit.store.ObjectInfo;
import io.drkit.store.ObjectMissingException;
import io.drkit.store.ObjectStore;

/**
 * Reads one object in full: it must exist with the manifest's size and SHA-256, and decode
 * (decrypt, decompress) to the end, which proves it can be restored, not only that it is intact.
 */
final class ObjectVerifier {

    private ObjectVerifier() {}

    /** @return the problem found, or null when the object is whole */
    static ObjectProblem check(ObjectStore store, Codec codec, boolean encrypted, ObjectCheck o) {
        ObjectInfo info = store.stat(o.key()).orElse(null);
        if (info == null) {
            return new ObjectProblem(o.key(), "missing", "named by the manifest of point " + o.pointId());
        }
        if (info.size() < o.bytes()) {
            return new ObjectProblem(o.key(), "truncated", info.size() + " of " + o.bytes() + " bytes");
        }
        if (info.size() != o.bytes()) {
            return new ObjectProblem(o.key(), "size", info.size() + " bytes, the manifest gives " + o.bytes());
        }
        try (InputStream raw = store.open(o.key())) {
            VerifiedInputStream verified = new VerifiedInputStream(raw, o.bytes(), o.sha256(), o.key());
            if (!o.decodable()) {
                verified.finish();
                return null;
            }
            InputStream plain = null;
            try {
                plain = codec.decode(verified, encrypted, o.key());
                plain.transferTo(OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException decoding) {
                // a damaged byte usually trips the decoder first; the checksum names the real cause
                verified.finish();
                throw decoding;
            } finally {
                verified.finish();
                if (plain != null) {
                    plain.close();
                }
            }
            return null;
        } catch (ObjectMissingException e) {
            return new ObjectProblem(o.key(), "missing", "vanished while being read");
        } catch (DrkitException e) {
            if (e.exitCode() == ExitCode.USAGE) {
                throw e;
            }
            String m = e.getMessage();
            String kind = m.contains("SHA-256") ? "checksum" : m.contains("truncated") ? "truncated"
                    : encrypted ? "undecryptable" : "unreadable";
            return new ObjectProblem(o.key(), kind, m);
        } catch (IOException | RuntimeException e) {
            return new ObjectProblem(o.key(), encrypted ? "undecryptable" : "unreadable",
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}

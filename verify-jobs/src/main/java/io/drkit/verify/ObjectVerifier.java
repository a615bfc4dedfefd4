package io.drkit.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.drkit.core.batch.StopSignal;
import io.drkit.core.codec.Codec;
import io.drkit.core.digest.VerifiedInputStream;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.store.ObjectInfo;
import io.drkit.core.store.ObjectMissingException;
import io.drkit.core.store.ObjectStore;
import io.drkit.core.store.ObjectStoreFailedException;

/**
 * Reads one object in full: it must exist with the manifest's size and SHA-256, and decode
 * (decrypt, decompress) to the end, which proves it can be restored, not only that it is intact.
 */
final class ObjectVerifier {

    private ObjectVerifier() {}

    /**
     * @return the problem found, or null when the object is whole; a read the object store could not
     *     complete is {@link ObjectProblem.Kind#UNAVAILABLE}, never damage: only bytes read whole can be judged
     */
    static ObjectProblem check(ObjectStore store, Codec codec, boolean encrypted, ObjectCheck o) {
        try {
            return read(store, codec, encrypted, o);
        } catch (RuntimeException e) {
            ObjectStoreFailedException failed = ObjectStoreFailedException.in(e);
            if (failed == null) {
                throw e;
            }
            return new ObjectProblem(o.key(), ObjectProblem.Kind.UNAVAILABLE, failed.getMessage());
        }
    }

    private static ObjectProblem read(ObjectStore store, Codec codec, boolean encrypted, ObjectCheck o) {
        ObjectInfo info = store.stat(o.key()).orElse(null);
        if (info == null) {
            return new ObjectProblem(o.key(), ObjectProblem.Kind.MISSING, "named by the manifest of point " + o.pointId());
        }
        if (info.size() < o.bytes()) {
            return new ObjectProblem(o.key(), ObjectProblem.Kind.TRUNCATED, info.size() + " of " + o.bytes() + " bytes");
        }
        if (info.size() != o.bytes()) {
            return new ObjectProblem(o.key(), ObjectProblem.Kind.SIZE, info.size() + " bytes, the manifest gives " + o.bytes());
        }
        VerifiedInputStream verified = null;
        try (InputStream raw = store.open(o.key())) {
            verified = new VerifiedInputStream(raw, o.bytes(), o.sha256(), o.key());
            if (!o.decodable()) {
                verified.finish();
                return null;
            }
            decodeToTheEnd(codec, encrypted, o.key(), verified);
            return null;
        } catch (ObjectMissingException e) {
            return new ObjectProblem(o.key(), ObjectProblem.Kind.MISSING, "vanished while being read");
        } catch (DrkitException e) {
            if (e.exitCode() == ExitCode.USAGE || StopSignal.isStop(e) || ObjectStoreFailedException.in(e) != null) {
                throw e;
            }
            return new ObjectProblem(o.key(), kindOf(verified, encrypted), e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (ObjectStoreFailedException.in(e) != null || StopSignal.isStop(e)) {
                throw e instanceof RuntimeException r ? r : new java.io.UncheckedIOException((IOException) e);
            }
            return new ObjectProblem(o.key(), kindOf(verified, encrypted),
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static void decodeToTheEnd(Codec codec, boolean encrypted, String key, VerifiedInputStream verified)
            throws IOException {
        InputStream plain = null;
        try {
            plain = codec.decode(verified, encrypted, key);
            plain.transferTo(OutputStream.nullOutputStream());
        } finally {
            // a damaged byte usually trips the decoder first; reading to the end lets the checksum name the real cause
            verified.finish();
            if (plain != null) {
                plain.close();
            }
        }
    }

    /** The stored bytes' own check names the fault when it failed; otherwise what they decode to is at fault. */
    private static ObjectProblem.Kind kindOf(VerifiedInputStream verified, boolean encrypted) {
        if (verified != null && verified.failure() != null) {
            return ObjectProblem.Kind.of(verified.failure());
        }
        return encrypted ? ObjectProblem.Kind.UNDECRYPTABLE : ObjectProblem.Kind.UNREADABLE;
    }
}

package io.drkit.core.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.drkit.core.batch.StopSignal;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An object read from S3 that survives a connection cut in the middle of its body: it asks again
 * for the rest ({@code Range: bytes=<reached>-}) of the same version of the object ({@code If-Match}
 * its ETag, so a changed object is never spliced onto the old one's first bytes), waiting a growing,
 * jittered time between attempts. It gives up, with {@link ObjectStoreFailedException}, after
 * {@link StorePolicy#retries()} attempts in a row or {@link StorePolicy#retryBudget()} without a byte
 * more. The reader sees every byte once, in order, or an exception: never a short object.
 */
final class S3Read extends InputStream {

    private static final Set<S3Read> OPEN = ConcurrentHashMap.newKeySet();

    static {
        // a stop that the read's own timeouts did not end in time: cut the connections
        StopSignal.whenForced(() -> OPEN.forEach(S3Read::cut));
    }

    private final S3ObjectStore store;
    private final S3Client s3;
    private final String bucket;
    private final String fullKey;
    private final String key;
    private final StorePolicy policy;
    private final long length;
    private final String etag;
    private volatile ResponseInputStream<GetObjectResponse> body;
    private long position;
    private int failuresInARow;
    private long lastProgress = System.nanoTime();
    private boolean closed;

    S3Read(S3ObjectStore store, S3Client s3, String bucket, String fullKey, String key, StorePolicy policy,
            ResponseInputStream<GetObjectResponse> first) {
        this.store = store;
        this.s3 = s3;
        this.bucket = bucket;
        this.fullKey = fullKey;
        this.key = key;
        this.policy = policy;
        this.body = first;
        this.length = first.response().contentLength() == null ? -1 : first.response().contentLength();
        this.etag = first.response().eTag();
        OPEN.add(this);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("read of " + key + " after it was closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (length >= 0 && position >= length) {
                return -1;
            }
            Exception failure;
            try {
                int want = length < 0 ? len : (int) Math.min(len, length - position);
                int n = body.read(b, off, want);
                if (n > 0) {
                    position += n;
                    failuresInARow = 0;
                    lastProgress = System.nanoTime();
                    return n;
                }
                if (length < 0) {
                    return -1; // no length to hold the end against: the server's end is the end
                }
                failure = new EOFException("the connection ended after " + position + " of " + length + " bytes");
            } catch (IOException | SdkException e) {
                failure = e;
            }
            resume(failure);
        }
    }

    /** Asks for the rest of the object until it comes, the budget is spent, or a stop is asked for. */
    private void resume(Exception failure) {
        abortBody();
        while (true) {
            if (StopSignal.requested()) {
                throw StopSignal.stopped();
            }
            failuresInARow++;
            if (failuresInARow > policy.retries()
                    || System.nanoTime() - lastProgress > policy.retryBudget().toNanos()) {
                throw store.readFailed(key, position, length, failuresInARow, failure);
            }
            StopSignal.sleep(Backoff.after(failuresInARow));
            try {
                ResponseInputStream<GetObjectResponse> next = s3.getObject(g -> g.bucket(bucket).key(fullKey)
                        .range("bytes=" + position + "-").ifMatch(etag));
                if (!continues(next.response())) {
                    next.abort();
                    throw store.changed(key, etag);
                }
                body = next;
                return;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    throw store.changed(key, etag);
                }
                if (e.statusCode() == 404) {
                    throw new ObjectMissingException(store.uri(), key);
                }
                if (!S3ObjectStore.passing(e)) {
                    throw store.failure("cannot read", key, e);
                }
                failure = e;
            } catch (SdkException e) {
                failure = e;
            }
        }
    }

    /** The answer to a range request must be the rest of the same object, from the byte reached. */
    private boolean continues(GetObjectResponse r) {
        if (etag != null && r.eTag() != null && !etag.equals(r.eTag())) {
            return false;
        }
        String range = r.contentRange();
        if (range == null) {
            return position == 0;
        }
        // "bytes 100-999/1000"
        String spec = range.replaceFirst("^bytes\\s+", "");
        int dash = spec.indexOf('-');
        int slash = spec.indexOf('/');
        try {
            long start = Long.parseLong(spec.substring(0, dash));
            String total = spec.substring(slash + 1);
            return start == position && (total.equals("*") || Long.parseLong(total) == length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void abortBody() {
        ResponseInputStream<GetObjectResponse> b = body;
        if (b != null) {
            try {
                b.abort();
            } catch (RuntimeException ignored) {
                // the connection is being dropped in any case
            }
        }
    }

    /** A forced stop: the blocked read fails at once, and the stop ends it. */
    private void cut() {
        abortBody();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        if (length >= 0 && position < length) {
            abortBody(); // closing would read the rest of the body to reuse the connection
        } else {
            try {
                body.close();
            } catch (IOException | RuntimeException ignored) {
                // everything was read; the connection is the pool's concern
            }
        }
    }
}

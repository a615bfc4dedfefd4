package io.drkit.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.drkit.core.digest.Sha256;
import io.drkit.core.error.DrkitException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A repository in an S3 bucket, through the AWS SDK v2: path-style addressing when an endpoint is
 * given (MinIO, Ceph, S3Proxy), SHA-256 checksums the server verifies on every upload. Every request
 * is retried on 5xx, throttling, timeouts and resets ({@link StopAwareRetries}); a read cut in the
 * middle of an object resumes where it was ({@link S3Read}). What still fails after that is an
 * {@link ObjectStoreFailedException}, never damage. Objects of unknown length stream as multipart
 * uploads with one part buffered; an upload becomes an object only when completed, and is aborted
 * otherwise.
 */
public final class S3ObjectStore implements ObjectStore {

    /** S3's smallest allowed part is 5 MiB; 8 MiB keeps memory per writer small. */
    static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String endpointText;
    private final StorePolicy policy;
    private volatile boolean bucketSeen;
    /** Whether the endpoint ever answered: until it has, a refused connection is a wrong setting, not a fault. */
    private volatile boolean reached;

    S3ObjectStore(S3Client s3, String bucket, String prefix, String endpointText, StorePolicy policy) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.endpointText = endpointText;
        this.policy = policy;
    }

    /**
     * @param endpoint null for AWS
     * @param credentials null for the default AWS chain
     */
    public static S3ObjectStore open(String bucket, String prefix, URI endpoint, AwsCredentialsProvider credentials,
            String region, int maxConnections, StorePolicy policy) {
        var builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(Math.max(8, maxConnections))
                        .connectionTimeout(policy.connectTimeout())
                        // a stalled read waits this long for its next byte, then resumes (or a stop ends it)
                        .socketTimeout(policy.attemptTimeout()))
                .overrideConfiguration(o -> o.retryStrategy(StopAwareRetries.of(policy))
                        .apiCallAttemptTimeout(policy.attemptTimeout())
                        .apiCallTimeout(policy.apiCallTimeout()))
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        builder.region(Region.of(region != null ? region : defaultRegion(endpoint != null)));
        return new S3ObjectStore(AnswerResetRetries.wrap(builder.build(), policy), bucket, prefix,
                endpoint == null ? "AWS" : endpoint.toString(), policy);
    }

    private static String defaultRegion(boolean customEndpoint) {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkClientException e) {
            if (customEndpoint) {
                return "us-east-1"; // MinIO and friends accept any region
            }
            throw DrkitException.usage("no AWS region configured (set AWS_REGION)");
        }
    }

    @Override
    public String uri() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public ObjectWriter create(String key) {
        return new MultipartWriter(key);
    }

    @Override
    public InputStream open(String key) {
        try {
            var first = s3.getObject(b -> b.bucket(bucket).key(prefix + key));
            reached = true;
            return new S3Read(this, s3, bucket, prefix + key, key, policy, first);
        } catch (NoSuchKeyException e) {
            throw new ObjectMissingException(uri(), key);
        } catch (SdkException e) {
            throw failure("cannot read", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(prefix + key));
            bucketSeen = true;
            reached = true;
            return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return absent();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                return absent();
            }
            throw failure("cannot look at", key, e);
        } catch (SdkException e) {
            throw failure("cannot look at", key, e);
        }
    }

    /**
     * A HEAD answer carries no error code, so a missing object and a missing bucket both come back
     * as a bare 404; the first time, ask about the bucket so that a typo in its name is named.
     */
    private Optional<ObjectInfo> absent() {
        reached = true;
        if (!bucketSeen) {
            try {
                s3.headBucket(b -> b.bucket(bucket));
                bucketSeen = true;
            } catch (NoSuchBucketException e) {
                throw bucketMissing(e);
            } catch (S3Exception e) {
                throw e.statusCode() == 404 ? bucketMissing(e) : failure("cannot check bucket", null, e);
            } catch (SdkException e) {
                throw failure("cannot check bucket", null, e);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) {
        List<ObjectInfo> found = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents()) {
                found.add(new ObjectInfo(o.key().substring(prefix.length()), o.size(), o.lastModified()));
            }
        } catch (SdkException e) {
            throw failure("cannot list", keyPrefix, e);
        }
        reached = true;
        return found;
    }

    @Override
    public List<String> folders(String keyPrefix) {
        List<String> found = new ArrayList<>();
        try {
            for (CommonPrefix p : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix).delimiter("/"))
                    .commonPrefixes()) {
                String name = p.prefix().substring(prefix.length() + keyPrefix.length());
                found.add(name.substring(0, name.length() - 1));
            }
        } catch (SdkException e) {
            throw failure("cannot list", keyPrefix, e);
        }
        reached = true;
        return found;
    }

    @Override
    public void publish(String temporaryKey, String key) {
        try {
            // a copy inside the server: the bytes (and their SHA-256) are the temporary object's
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(prefix + temporaryKey).destinationBucket(bucket)
                    .destinationKey(prefix + key).checksumAlgorithm(ChecksumAlgorithm.SHA256));
        } catch (SdkException e) {
            throw failure("cannot publish " + temporaryKey + " as", key, e);
        }
        delete(temporaryKey);
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
        } catch (SdkException e) {
            throw failure("cannot delete", key, e);
        }
    }

    @Override
    public int discardUnfinishedWrites(String keyPrefix) {
        int discarded = 0;
        try {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix))
                    .uploads()) {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
                discarded++;
            }
        } catch (SdkException e) {
            throw failure("cannot abort unfinished uploads under", keyPrefix, e);
        }
        return discarded;
    }

    @Override
    public boolean createContainer() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return false;
        } catch (NoSuchBucketException e) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
                return true;
            } catch (SdkException c) {
                throw failure("cannot create bucket", null, c);
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                    return true;
                } catch (SdkException c) {
                    throw failure("cannot create bucket", null, c);
                }
            }
            throw failure("cannot check bucket", null, e);
        } catch (SdkException e) {
            throw failure("cannot check bucket", null, e);
        }
    }

    @Override
    public boolean createContainer(boolean objectLock) {
        if (!objectLock) {
            return createContainer();
        }
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return false;
        } catch (SdkException e) {
            try {
                s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
                return true;
            } catch (SdkException c) {
                throw failure("cannot create (with Object Lock)", null, c);
            }
        }
    }

    @Override
    public boolean supportsObjectLock() {
        try {
            var config = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
            return config != null && config.objectLockEnabled() == ObjectLockEnabled.ENABLED;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 400 || e.statusCode() == 501) {
                return false; // no lock configuration, or a server without Object Lock
            }
            throw failure("cannot read the Object Lock configuration of bucket", null, e);
        } catch (SdkException e) {
            throw failure("cannot read the Object Lock configuration of bucket", null, e);
        }
    }

    @Override
    public Optional<Instant> retainedUntil(String key) {
        try {
            var retention = s3.getObjectRetention(b -> b.bucket(bucket).key(prefix + key)).retention();
            return Optional.ofNullable(retention == null ? null : retention.retainUntilDate());
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 400 || e.statusCode() == 501) {
                return Optional.empty(); // no retention on it, no Object Lock on the bucket, or none on the server
            }
            throw failure("cannot read the Object Lock retention of", key, e);
        } catch (SdkException e) {
            throw failure("cannot read the Object Lock retention of", key, e);
        }
    }

    @Override
    public void retain(String key, String mode, Instant until) {
        try {
            s3.putObjectRetention(b -> b.bucket(bucket).key(prefix + key).retention(r -> r
                    .mode(ObjectLockRetentionMode.fromValue(mode)).retainUntilDate(until)));
        } catch (SdkException e) {
            throw failure("cannot set the Object Lock retention of", key, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    /**
     * Turns what S3 says into one line an operator can act on, naming the object and the endpoint,
     * never with credentials in it: a wrong setting (exit 2), a store that keeps failing after every
     * retry (exit 1, {@link ObjectStoreFailedException}), or a refusal (exit 1).
     *
     * @param action what could not be done, e.g. {@code cannot read}
     * @param key the object (or key prefix) it was about, or null for the bucket
     */
    DrkitException failure(String action, String key, SdkException e) {
        String what = action + " " + (key == null ? "s3://" + bucket : locate(key));
        if (e instanceof S3Exception s) {
            String code = code(s);
            if ("NoSuchBucket".equals(code)) {
                return bucketMissing(e);
            }
            if (s.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return DrkitException.usage("access denied to " + uri() + " at endpoint " + endpointText
                        + (code.isEmpty() ? " (HTTP 403)" : " (" + code + ")")
                        + ": check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and the bucket policy", e);
            }
            String status = "S3 error " + s.statusCode() + (code.isEmpty() ? "" : " " + code);
            if (passing(s)) {
                return new ObjectStoreFailedException(what, key, endpointText, status + tries(e), e);
            }
            return DrkitException.failed(what + " (endpoint " + endpointText + "): " + status, e);
        }
        if (!reached && unreachable(e)) {
            return DrkitException.usage("cannot reach the S3 endpoint " + endpointText + " of " + uri() + " ("
                    + reason(e) + "): check DRKIT_S3_ENDPOINT and the network", e);
        }
        return new ObjectStoreFailedException(what, key, endpointText, reason(e) + tries(e), e);
    }

    private static String tries(SdkException e) {
        Integer attempts = e.numAttempts();
        return attempts == null ? "" : attempts == 1 ? ", tried once" : ", tried " + attempts + " times";
    }

    /** A read that kept being cut, or stalled, for longer than the policy allows. */
    ObjectStoreFailedException readFailed(String key, long reached, long length, int attempts, Exception last) {
        String why = last instanceof S3Exception s ? "S3 error " + s.statusCode() + (code(s).isEmpty() ? "" : " " + code(s))
                : reason(last);
        return new ObjectStoreFailedException("cannot read " + locate(key), key, endpointText, "the read broke off at byte "
                + reached + " of " + length + " and could not be resumed in " + attempts + " attempts (" + why + ")", last);
    }

    /** The object changed while it was being read: its parts must not be spliced together. */
    DrkitException changed(String key, String etag) {
        return DrkitException.failed("cannot read " + locate(key) + " (endpoint " + endpointText + "): the object "
                + "changed while it was being read (its ETag is no longer " + etag + "); run the command again", null);
    }

    /** Whether S3 said "not now" rather than "no": worth another try later. */
    static boolean passing(S3Exception e) {
        int status = e.statusCode();
        return status >= 500 || status == 429 || status == 408 || "SlowDown".equals(code(e))
                || "RequestTimeout".equals(code(e));
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
                    || c instanceof java.net.NoRouteToHostException
                    || c.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** What went wrong on the network, in words: the innermost cause, named for what it means. */
    static String reason(Throwable e) {
        if (e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException) {
            return "no answer within the API call timeout (DRKIT_S3_APICALLTIMEOUT)";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        String type = root.getClass().getSimpleName();
        if (root instanceof java.net.SocketTimeoutException || e instanceof
                software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException) {
            return "no answer within the attempt timeout (DRKIT_S3_ATTEMPTTIMEOUT)";
        }
        if (type.equals("NoHttpResponseException") || root instanceof java.io.EOFException) {
            return "the connection was closed without an answer";
        }
        if (root instanceof java.net.SocketException && message.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
            return "the connection was reset";
        }
        if (type.equals("ConnectionClosedException") || message.contains("Premature end")) {
            return "the connection was closed in the middle of the answer";
        }
        return message.isBlank() ? type : message + " (" + type + ")";
    }

    private DrkitException bucketMissing(SdkException e) {
        return DrkitException.usage("bucket " + bucket + " does not exist at " + endpointText
                + "; create it (drkit init) or check DRKIT_REPOSITORY", e);
    }

    private static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null ? "" : code;
    }

    /**
     * Holds one part in memory. Small objects go up in one PUT at commit; larger ones as a multipart
     * upload that is completed at commit and aborted on close without commit.
     */
    private final class MultipartWriter extends ObjectWriter {
        private final byte[] buffer = new byte[PART_SIZE];
        private int filled;
        private long total;
        private String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();

        MultipartWriter(String key) {
            super(key);
        }

        @Override
        protected void writeBytes(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                total += n;
                off += n;
                len -= n;
                if (filled == buffer.length) {
                    uploadPart();
                }
            }
        }

        private void uploadPart() {
            String fullKey = prefix + key();
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(fullKey)
                            .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
                }
                int number = parts.size() + 1;
                byte[] bytes = java.util.Arrays.copyOf(buffer, filled);
                // given up front, the SDK sends it as a header, not as a trailer after an aws-chunked body, which
                // servers without trailing checksums (Ceph's RGW before Squid) refuse with XAmzContentSHA256Mismatch
                String sha256 = Sha256.base64(bytes);
                UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId)
                        .partNumber(number).checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(sha256),
                        RequestBody.fromBytes(bytes));
                parts.add(CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumSHA256(r.checksumSHA256())
                        .build());
                filled = 0;
            } catch (SdkException e) {
                throw failure("cannot write", key(), e);
            }
        }

        @Override
        protected void finish() {
            String fullKey = prefix + key();
            try {
                if (uploadId == null) {
                    byte[] bytes = java.util.Arrays.copyOf(buffer, filled);
                    String sha256 = Sha256.base64(bytes);
                    s3.putObject(b -> b.bucket(bucket).key(fullKey).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                            .checksumSHA256(sha256), RequestBody.fromBytes(bytes));
                    return;
                }
                if (filled > 0) {
                    uploadPart();
                }
                try {
                    s3.completeMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts)));
                } catch (S3Exception e) {
                    if (!completedAlready(e)) {
                        throw e;
                    }
                }
                uploadId = null;
            } catch (SdkException e) {
                abort();
                throw failure("cannot write", key(), e);
            }
        }

        /**
         * A completion whose answer was lost on the way is retried, and the server, which did complete
         * it, no longer knows the upload: the object is there, with every byte written.
         */
        private boolean completedAlready(S3Exception e) {
            if (!"NoSuchUpload".equals(code(e)) && e.statusCode() != 404) {
                return false;
            }
            Optional<ObjectInfo> stored = stat(key());
            return stored.isPresent() && stored.get().size() == total;
        }

        @Override
        protected void abort() {
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(prefix + key()).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // A lifecycle rule for incomplete uploads cleans up what an abort could not.
                }
                uploadId = null;
            }
        }
    }
}

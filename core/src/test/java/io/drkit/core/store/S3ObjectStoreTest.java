package io.drkit.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.core.testing.FaultProxy;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.S3Service;
import io.drkit.core.testing.TestBucket;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 store against a real S3 server (S3Proxy, or MinIO with Docker); MinIO's client reads back. */
@ExtendWith(RealServices.class)
class S3ObjectStoreTest extends ObjectStoreContract {

    private static final String PREFIX = "repo/nightly/";

    private final TestBucket bucket;

    S3ObjectStoreTest(TestBucket bucket) {
        this.bucket = bucket;
    }

    /**
     * The README says S3 uploads carry SHA-256 checksums that the server verifies: an upload whose
     * checksum does not match its bytes is refused, and nothing is stored.
     */
    @Test
    void anUploadWhoseSha256DoesNotMatchItsBytesIsRefusedByTheServer() throws Exception {
        byte[] data = random(100_000, 7);
        String wrong = base64Sha256(random(100_000, 8));
        String right = base64Sha256(data);
        try (S3Client s3 = S3Service.get().client()) {
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket.name()).key(PREFIX + "points/p/data/t/00000.copy.zst")
                    .checksumSHA256(wrong), RequestBody.fromBytes(data)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            s3.putObject(b -> b.bucket(bucket.name()).key(PREFIX + "points/p/data/t/00001.copy.zst")
                    .checksumSHA256(right), RequestBody.fromBytes(data));
        }
        assertThat(keysIndependently("")).as("only the upload whose checksum matched").containsExactly(
                "points/p/data/t/00001.copy.zst");
    }

    /**
     * What the store uploads carries its SHA-256 for the server to check, seen on the wire by a proxy:
     * a small object's PUT, and each part of a multipart upload (which announces SHA-256 when begun).
     */
    @Test
    void theStoresUploadsCarryTheirSha256ForTheServerToCheck() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(bucket.endpoint(), 0, 1); ObjectStore viaProxy = ObjectStores.open(
                bucket.repository("repo/nightly"), proxy.endpoint().toString(), StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(bucket.accessKey(), bucket.secretKey())), bucket.region(), 2)) {
            viaProxy.put("points/p/schema/pre-data.sql.zst", random(100_000, 5));
            try (ObjectWriter w = viaProxy.create("points/p/data/t/00000.copy.zst")) {
                w.write(random(LARGE, 6));
                w.commit();
            }

            List<FaultProxy.Seen> uploads = proxy.seen().stream().filter(r -> r.startLine().startsWith("PUT ")).toList();
            assertThat(uploads).as("one PUT and three parts").hasSize(4).allSatisfy(r -> assertThat(
                    r.checksumHeaders().containsKey("x-amz-checksum-sha256")
                            || "x-amz-checksum-sha256".equals(r.checksumHeaders().get("x-amz-trailer")))
                    .as("%s carries its SHA-256: %s", r.startLine(), r.checksumHeaders()).isTrue());
            assertThat(proxy.seen()).filteredOn(r -> r.startLine().startsWith("POST ") && r.startLine().contains("?uploads"))
                    .singleElement().satisfies(r -> assertThat(r.checksumHeaders())
                            .containsEntry("x-amz-checksum-algorithm", "SHA256"));
        }
        assertThat(readIndependently("points/p/schema/pre-data.sql.zst")).isEqualTo(random(100_000, 5));
    }

    private static byte[] sha256Bytes(byte[] data) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static String base64Sha256(byte[] data) throws Exception {
        return java.util.Base64.getEncoder().encodeToString(sha256Bytes(data));
    }

    @Override
    ObjectStore openStore() {
        return ObjectStores.open(bucket.repository("repo/nightly"), bucket.endpoint().toString(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(bucket.accessKey(), bucket.secretKey())),
                bucket.region(), 2);
    }

    @Override
    byte[] readIndependently(String key) throws Exception {
        try (InputStream in = minio().getObject(GetObjectArgs.builder().bucket(bucket.name()).object(PREFIX + key).build())) {
            return in.readAllBytes();
        }
    }

    @Override
    List<String> keysIndependently(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : minio().listObjects(ListObjectsArgs.builder().bucket(bucket.name()).prefix(PREFIX + prefix)
                .recursive(true).build())) {
            keys.add(r.get().objectName().substring(PREFIX.length()));
        }
        keys.sort(null);
        return keys;
    }

    @Override
    List<String> storeArguments() {
        return List.of(bucket.repository("repo/nightly"), bucket.endpoint().toString());
    }

    @Override
    Map<String, String> storeEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", bucket.accessKey(), "AWS_SECRET_ACCESS_KEY", bucket.secretKey(),
                "AWS_REGION", bucket.region());
    }

    private MinioClient minio() {
        return MinioClient.builder().endpoint(bucket.endpoint().toString())
                .credentials(bucket.accessKey(), bucket.secretKey()).region(bucket.region()).build();
    }

    @Override
    int unfinishedWrites() {
        try (S3Client s3 = S3Service.get().client()) {
            return s3.listMultipartUploads(b -> b.bucket(bucket.name()).prefix(PREFIX)).uploads().size();
        }
    }
}

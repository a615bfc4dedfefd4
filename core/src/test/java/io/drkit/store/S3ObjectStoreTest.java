package io.drkit.store;

import java.io.InputStream;

import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.testing.RealServices;
import io.drkit.testing.S3Service;
import io.drkit.testing.TestBucket;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against a real S3 server (S3Proxy, or MinIO with Docker); MinIO's client reads back. */
@ExtendWith(RealServices.class)
class S3ObjectStoreTest extends ObjectStoreContract {

    private static final String PREFIX = "repo/nightly/";

    private final TestBucket bucket;

    S3ObjectStoreTest(TestBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    ObjectStore openStore() {
        return ObjectStores.open(bucket.repository("repo/nightly"), bucket.endpoint().toString(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(bucket.accessKey(), bucket.secretKey())),
                bucket.region(), 2);
    }

    @Override
    byte[] readIndependently(String key) throws Exception {
        MinioClient minio = MinioClient.builder().endpoint(bucket.endpoint().toString())
                .credentials(bucket.accessKey(), bucket.secretKey()).region(bucket.region()).build();
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket.name()).object(PREFIX + key).build())) {
            return in.readAllBytes();
        }
    }

    @Override
    int unfinishedWrites() {
        try (S3Client s3 = S3Service.get().client()) {
            return s3.listMultipartUploads(b -> b.bucket(bucket.name()).prefix(PREFIX)).uploads().size();
        }
    }
}

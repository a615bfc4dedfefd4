package io.drkit.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Random;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The harness itself: real PostgreSQL, real S3 over HTTP, and isolation between tests. */
@ExtendWith(RealServices.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HarnessTest {

    private static String databaseOfEarlierTest;

    @Test
    @Order(1)
    void givesEachTestItsOwnDatabase(TestDatabase db, TestDatabase other) throws Exception {
        assertThat(db.name()).isNotEqualTo(other.name());
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("select current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.name());
        }
        databaseOfEarlierTest = db.name();
    }

    @Test
    @Order(2)
    void dropsTheDatabaseWhenTheTestEnds() {
        assertThat(databaseOfEarlierTest).isNotNull();
        assertThat(PostgresService.get().databaseExists(databaseOfEarlierTest)).isFalse();
    }

    @Test
    @Order(3)
    void writesThroughTheAwsSdkAndReadsBackThroughMinio(TestBucket bucket, TestBucket other) throws Exception {
        assertThat(bucket.name()).isNotEqualTo(other.name());
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(data);
        try (S3Client s3 = S3Service.get().client()) {
            s3.putObject(b -> b.bucket(bucket.name()).key("a/b.bin"), RequestBody.fromBytes(data));
            assertThat(s3.listObjectsV2(b -> b.bucket(other.name())).contents()).isEmpty();
        }
        MinioClient minio = MinioClient.builder()
                .endpoint(bucket.endpoint().toString())
                .credentials(bucket.accessKey(), bucket.secretKey())
                .region(bucket.region())
                .build();
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket.name()).object("a/b.bin").build())) {
            assertThat(in).hasSameContentAs(new ByteArrayInputStream(data));
        }
    }

    @Test
    @Order(4)
    void knowsWhetherTheServerCanCaptureChanges() {
        PostgresService pg = PostgresService.get();
        assertThat(pg.kind()).isIn("configured", "container", "local", "embedded");
        if (pg.kind().equals("embedded")) {
            assertThat(pg.logicalDecoding()).isTrue();
        }
    }
}

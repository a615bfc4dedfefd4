package io.drkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(RealServices.class)
class HarnessSmokeTest {

    @Test
    void givesEachTestItsOwnDatabase(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("select current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.name());
        }
    }

    @Test
    void talksS3OverHttp(TestBucket bucket) {
        try (S3Client s3 = S3Service.get().client()) {
            s3.putObject(b -> b.bucket(bucket.name()).key("a/b.txt"), RequestBody.fromString("hello"));
            String back = s3.getObjectAsBytes(b -> b.bucket(bucket.name()).key("a/b.txt")).asString(StandardCharsets.UTF_8);
            assertThat(back).isEqualTo("hello");
        }
    }
}

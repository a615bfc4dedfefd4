package io.drkit.cli.objectlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 Object Lock on a server that has it (Adobe S3Mock): a committed point's objects and every
 * report are locked for the configured retention, and under compliance mode the server refuses to
 * delete them, even to a caller who asks to bypass governance; a bucket without Object Lock is
 * refused up front.
 */
@ExtendWith(RealServices.class)
class ObjectLockTest {

    @TempDir
    Path dir;

    @Test
    void committedPointsAndReportsAreLockedForTheRetention(TestDatabase source, TestDatabase catalog) throws Exception {
        S3MockServer server = S3MockServer.get();
        String bucket = "locked-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        b.env.putAll(s3(server, "s3://" + bucket + "/nightly"));
        b.env.put("DRKIT_OBJECTLOCK_MODE", "governance");
        b.env.put("DRKIT_OBJECTLOCK_RETENTION", "2d");
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());

        assertThat(b.init().get("objectLock").asBoolean()).isTrue();
        Instant before = Instant.now();
        String pointId = b.backup().get("pointId").asString();
        DrkitProcess.Result verified = b.drkit("verify");
        assertThat(verified.exitCode()).as(verified.all()).isZero();
        Instant after = Instant.now();

        try (S3Client s3 = client(server)) {
            assertThat(s3.getObjectLockConfiguration(r -> r.bucket(bucket)).objectLockConfiguration().objectLockEnabled())
                    .as("drkit init created the bucket with Object Lock").isEqualTo(ObjectLockEnabled.ENABLED);
            List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("nightly/")).contents().stream()
                    .map(S3Object::key).filter(k -> k.startsWith("nightly/points/" + pointId + "/")
                            || (k.startsWith("nightly/reports/") && !k.endsWith("index.html")))
                    .toList();
            assertThat(keys).anyMatch(k -> k.endsWith("/manifest.json")).anyMatch(k -> k.contains("/data/"))
                    .anyMatch(k -> k.endsWith(".json") && k.contains("/reports/"))
                    .anyMatch(k -> k.endsWith(".html"));
            for (String key : keys) {
                ObjectLockRetention retention = s3.getObjectRetention(r -> r.bucket(bucket).key(key)).retention();
                assertThat(retention.mode()).as(key).isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
                assertThat(retention.retainUntilDate()).as(key)
                        .isBetween(before.plus(Duration.ofDays(2)).minusSeconds(1), after.plus(Duration.ofDays(2)));
            }
        }

        DrkitProcess.Result compliant = b.drkit(Map.of("DRKIT_OBJECTLOCK_MODE", "compliance"), "backup", "--full", "--json");
        assertThat(compliant.exitCode()).as(compliant.all()).isZero();
        String compliantPoint = BackupFixture.JSON.readTree(compliant.stdout()).get("pointId").asString();
        try (S3Client s3 = client(server)) {
            List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("nightly/points/" + compliantPoint + "/"))
                    .contents().stream().map(S3Object::key).toList();
            String manifest = keys.stream().filter(k -> k.endsWith("/manifest.json")).findFirst().orElseThrow();
            String part = keys.stream().filter(k -> k.contains("/data/")).findFirst().orElseThrow();
            for (String key : List.of(manifest, part)) {
                assertThat(s3.getObjectRetention(r -> r.bucket(bucket).key(key)).retention().mode()).as(key)
                        .isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
                String version = s3.headObject(r -> r.bucket(bucket).key(key)).versionId();
                assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(bucket).key(key).versionId(version)))
                        .as("deleting %s under compliance", key).isInstanceOfSatisfying(S3Exception.class,
                                e -> assertThat(e.statusCode()).isEqualTo(403));
                assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(bucket).key(key).versionId(version)
                        .bypassGovernanceRetention(true))).as("deleting %s under compliance, bypassing governance", key)
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
                assertThat(s3.headObject(r -> r.bucket(bucket).key(key).versionId(version)).contentLength())
                        .as("%s is still there", key).isPositive();
            }
        }
    }

    @Test
    void aBucketWithoutObjectLockIsRefusedBeforeAnythingIsWritten(TestDatabase source, TestDatabase catalog)
            throws Exception {
        S3MockServer server = S3MockServer.get();
        String bucket = "plain-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
        try (S3Client s3 = client(server)) {
            s3.createBucket(r -> r.bucket(bucket));
        }
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(20);
        b.env.putAll(s3(server, "s3://" + bucket + "/nightly"));
        b.init();

        DrkitProcess.Result backup = b.drkit(Map.of("DRKIT_OBJECTLOCK_MODE", "compliance"), "backup", "--full");
        assertThat(backup.exitCode()).as(backup.all()).isEqualTo(2);
        assertThat(backup.stderr()).contains("Object Lock is configured").contains("cannot lock objects");
        assertThat(b.list()).as("nothing was written").isEmpty();

        DrkitProcess.Result badMode = b.drkit(Map.of("DRKIT_OBJECTLOCK_MODE", "forever"), "init");
        assertThat(badMode.exitCode()).isEqualTo(2);
        assertThat(badMode.stderr()).contains("must be governance or compliance");
    }

    private static Map<String, String> s3(S3MockServer server, String repository) {
        return Map.of("DRKIT_REPOSITORY", repository, "DRKIT_S3_ENDPOINT", server.endpoint,
                "AWS_ACCESS_KEY_ID", "drkit-test", "AWS_SECRET_ACCESS_KEY", "drkit-test-secret", "AWS_REGION", "us-east-1");
    }

    private static S3Client client(S3MockServer server) {
        return S3Client.builder().endpointOverride(URI.create(server.endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
    }
}

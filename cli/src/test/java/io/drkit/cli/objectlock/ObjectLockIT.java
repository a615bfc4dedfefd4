package io.drkit.cli.objectlock;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 Object Lock on a server that has it (Adobe S3Mock): a committed point's objects and every
 * report are locked for the configured retention, in governance or compliance mode, and prune deletes
 * nothing locked, with the settings or without them; a bucket without Object Lock is refused up front.
 */
@ExtendWith(RealServices.class)
class ObjectLockIT {

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
            assertThat(keys).anyMatch(k -> k.endsWith("/manifest.json")).anyMatch(k -> k.contains("/data/"));
            for (String key : keys) {
                assertThat(s3.getObjectRetention(r -> r.bucket(bucket).key(key)).retention().mode()).as(key)
                        .isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
            }
        }
        // S3Mock stores the retention but does not refuse deletes (a real S3 or MinIO does): drkit itself must
        // not try, so a prune that would keep one point keeps both, and every object of both stays
        List<String> stored = objects(server, bucket, "nightly/points/");
        DrkitProcess.Result pruned = b.drkit(Map.of("DRKIT_RETENTION_KEEPLAST", "1", "DRKIT_RETENTION_KEEPDAILY", "0",
                "DRKIT_RETENTION_KEEPWEEKLY", "0", "DRKIT_RETENTION_KEEPMONTHLY", "0"), "prune", "--json");
        assertThat(pruned.exitCode()).as(pruned.all()).isZero();
        assertThat(pruned.stdout()).contains("under Object Lock until");
        assertThat(objects(server, bucket, "nightly/points/")).as("nothing locked deleted").isEqualTo(stored)
                .anyMatch(k -> k.contains(pointId)).anyMatch(k -> k.contains(compliantPoint));

        // run without the Object Lock settings, prune asks the bucket: the older point's manifest is locked,
        // so it stays, and prune says why instead of saying it removed a point whose versions cannot go
        DrkitProcess.Result unset = b.drkit(Map.of("DRKIT_OBJECTLOCK_MODE", "", "DRKIT_RETENTION_KEEPLAST", "1",
                "DRKIT_RETENTION_KEEPDAILY", "0", "DRKIT_RETENTION_KEEPWEEKLY", "0", "DRKIT_RETENTION_KEEPMONTHLY", "0"),
                "prune");
        assertThat(unset.exitCode()).as(unset.all()).isZero();
        assertThat(unset.stdout()).as(unset.all()).contains("under Object Lock until").doesNotContain("gone ");
        assertThat(unset.stderr()).doesNotContain("removed point");
        assertThat(objects(server, bucket, "nightly/points/")).as("nothing locked deleted").isEqualTo(stored);
        DrkitProcess.Result listed = b.drkit(Map.of("DRKIT_OBJECTLOCK_MODE", ""), "list");
        assertThat(listed.stdout()).as(listed.all()).contains(pointId).contains(compliantPoint);
    }

    private static List<String> objects(S3MockServer server, String bucket, String prefix) {
        try (S3Client s3 = client(server)) {
            return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key)
                    .sorted().toList();
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

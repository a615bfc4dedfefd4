package io.drkit.cli.objectlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import tools.jackson.databind.JsonNode;

/**
 * Compliance-mode Object Lock on a server that enforces it (Ceph's RADOS Gateway, {@link CephRgw}):
 * the stored versions of a committed point can be deleted neither by drkit's prune nor by anyone
 * holding the bucket owner's keys, governance bypass or not, until the retention passes; and the
 * point still verifies afterwards. S3Mock (ObjectLockIT) stores the retention but deletes anyway.
 */
@ExtendWith(RealServices.class)
class ComplianceDeleteIT {

    @TempDir
    Path dir;

    @Test
    void aCompliancePointCannotBeDeletedBeforeItsRetentionPasses(TestDatabase source, TestDatabase catalog)
            throws Exception {
        try (CephRgw server = CephRgw.start(dir.resolve("ceph"))) {
            String endpoint = server.endpoint;
            String bucket = "compliance-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
            BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
            b.env.putAll(Map.of("DRKIT_REPOSITORY", "s3://" + bucket + "/nightly", "DRKIT_S3_ENDPOINT", endpoint,
                    "AWS_ACCESS_KEY_ID", CephRgw.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", CephRgw.SECRET_KEY,
                    "AWS_REGION", "us-east-1"));
            b.env.put("DRKIT_OBJECTLOCK_MODE", "compliance");
            b.env.put("DRKIT_OBJECTLOCK_RETENTION", "2d");
            b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());

            assertThat(b.init().get("objectLock").asBoolean()).as("drkit init made the bucket with Object Lock").isTrue();
            Instant before = Instant.now();
            String older = b.backup().get("pointId").asString();
            Instant after = Instant.now();
            String newer = b.backup().get("pointId").asString();
            String olderPrefix = "nightly/points/" + older + "/";

            try (S3Client s3 = client(endpoint)) {
                // the same keys delete an unlocked version in the same bucket: a refusal below is the lock's
                String probe = s3.putObject(r -> r.bucket(bucket).key("probe/unlocked"), RequestBody.fromString("x"))
                        .versionId();
                s3.deleteObject(r -> r.bucket(bucket).key("probe/unlocked").versionId(probe));
                assertThat(versions(s3, bucket, "probe/")).as("an unlocked version is deleted").isEmpty();

                List<ObjectVersion> stored = versions(s3, bucket, olderPrefix);
                assertThat(stored).extracting(ObjectVersion::key).anyMatch(k -> k.endsWith("/manifest.json"))
                        .anyMatch(k -> k.contains("/data/"));
                for (ObjectVersion v : stored) {
                    ObjectLockRetention retention = s3.getObjectRetention(r -> r.bucket(bucket).key(v.key())
                            .versionId(v.versionId())).retention();
                    assertThat(retention.mode()).as(v.key()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
                    assertThat(retention.retainUntilDate()).as(v.key())
                            .isBetween(before.plus(Duration.ofDays(2)).minusSeconds(1), after.plus(Duration.ofDays(2)));
                }

                // prune by rules that keep only the newest point: drkit keeps the locked one and says why
                DrkitProcess.Result pruned = b.drkit(Map.of("DRKIT_RETENTION_KEEPLAST", "1",
                        "DRKIT_RETENTION_KEEPDAILY", "0", "DRKIT_RETENTION_KEEPWEEKLY", "0",
                        "DRKIT_RETENTION_KEEPMONTHLY", "0"), "prune", "--json");
                assertThat(pruned.exitCode()).as(pruned.all()).isZero();
                JsonNode decision = decision(BackupFixture.JSON.readTree(pruned.stdout()), older);
                assertThat(decision.get("keep").asBoolean()).as(pruned.stdout()).isTrue();
                assertThat(decision.get("reasons").toString()).contains("under Object Lock until");
                assertThat(b.list()).extracting(p -> p.get("pointId").asString()).contains(older, newer);
                assertThat(versions(s3, bucket, olderPrefix)).as("prune deleted no version").isEqualTo(stored);
                assertThat(deleteMarkers(s3, bucket, "nightly/")).as("nor hid one").isZero();

                // the bucket owner's own keys, straight to the server: every delete of a version is refused
                for (ObjectVersion v : stored) {
                    assertRefused(() -> s3.deleteObject(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId())),
                            v.key());
                    assertRefused(() -> s3.deleteObject(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId())
                            .bypassGovernanceRetention(true)), v.key() + " (bypassing governance)");
                }
                DeleteObjectsResponse batch = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(stored.stream()
                        .map(v -> ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()).toList())));
                assertThat(batch.deleted()).as("a DeleteObjects of the versions").isEmpty();
                assertThat(batch.errors()).hasSameSizeAs(stored).extracting(S3Error::code).containsOnly("AccessDenied");
                ObjectVersion manifest = stored.stream().filter(v -> v.key().endsWith("/manifest.json")).findFirst()
                        .orElseThrow();
                assertRefused(() -> s3.putObjectRetention(r -> r.bucket(bucket).key(manifest.key())
                        .versionId(manifest.versionId()).bypassGovernanceRetention(true).retention(t -> t
                                .mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(Instant.now().plusSeconds(60)))),
                        "shortening the retention of " + manifest.key());
                assertThat(versions(s3, bucket, olderPrefix)).as("every version stays").isEqualTo(stored);
            }

            // and both points are still whole: every object read back and checked
            DrkitProcess.Result verified = b.drkit("verify", "--all", "--json");
            assertThat(verified.exitCode()).as(verified.all()).isZero();
            JsonNode v = BackupFixture.JSON.readTree(verified.stdout());
            assertThat(v.get("verdict").asString()).isEqualTo("passed");
            assertThat(v.get("pointIds").toString()).contains(older).contains(newer);
            assertThat(v.get("objectsRead").asInt()).isEqualTo(v.get("objectsInPoints").asInt()).isPositive();
            assertThat(v.get("problems")).isEmpty();
        }
    }

    private static void assertRefused(Runnable request, String what) {
        Throwable t = catchThrowable(request::run);
        assertThat(t).as(what + " was not refused").isInstanceOf(S3Exception.class);
        S3Exception e = (S3Exception) t;
        assertThat(e.statusCode()).as(what).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).as(what).isEqualTo("AccessDenied");
    }

    private static JsonNode decision(JsonNode prune, String pointId) {
        for (JsonNode d : prune.get("decisions")) {
            if (d.get("pointId").asString().equals(pointId)) {
                return d;
            }
        }
        throw new AssertionError("no decision about " + pointId + " in " + prune);
    }

    private static List<ObjectVersion> versions(S3Client s3, String bucket, String prefix) {
        return s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix)).versions().stream()
                .sorted(java.util.Comparator.comparing(ObjectVersion::key).thenComparing(ObjectVersion::versionId))
                .map(v -> ObjectVersion.builder().key(v.key()).versionId(v.versionId()).eTag(v.eTag()).size(v.size())
                        .build())
                .toList();
    }

    private static long deleteMarkers(S3Client s3, String bucket, String prefix) {
        return s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix)).deleteMarkers().stream().count();
    }

    /**
     * The AWS SDK on its own, apart from drkit. Checksums only where an operation requires one: by
     * default the SDK sends a CRC32 trailer after the body of a PUT, which this gateway refuses.
     */
    private static S3Client client(String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(CephRgw.ACCESS_KEY, CephRgw.SECRET_KEY)))
                .build();
    }
}

package io.drkit.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.FaultProxy;
import io.drkit.core.testing.FaultProxy.Faults;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.S3Service;
import io.drkit.core.testing.TestBucket;
import io.drkit.core.testing.TestDatabase;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * What an operator sees when the object store misbehaves beyond what retries ride out: a store that
 * answers nothing fails every job with exit 1 naming it, never damage; real damage is still damage
 * behind a faulty store; a stop during a read that stalled ends the job within the promised 60 s.
 */
@ExtendWith(RealServices.class)
class StoreFaultsIT {

    private static final int STOPPED_BY_SIGTERM = 143;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aStoreThatDropsEveryRequestFailsEachJobWithExit1NamingItWithinItsTimeout(TestDatabase source,
            TestDatabase catalog, TestBucket bucket) throws Exception {
        BackupFixture b = BackupFixture.onS3(source, catalog, dir, bucket).seeded(50);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.init();
        b.backup();
        try (FaultProxy proxy = FaultProxy.start(bucket.endpoint(), 0, 1)) {
            proxy.use(Faults.DROP_ALL);
            // the default policy for the backup; the others give up sooner, to keep the test short
            for (List<String> job : List.of(List.of("backup", "--full"), List.of("verify", "--all"),
                    List.of("verify", "--restore"), List.of("restore"), List.of("list"), List.of("status"))) {
                Map<String, String> env = new HashMap<>(Map.of("DRKIT_S3_ENDPOINT", proxy.endpoint().toString()));
                if (!job.get(0).equals("backup")) {
                    env.put("DRKIT_S3_RETRIES", "3");
                }
                long started = System.nanoTime();
                DrkitProcess.Result r = b.drkit(env, job.toArray(String[]::new));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(r.exitCode()).as(job + ": " + r.all()).isEqualTo(1);
                assertThat(r.stderr()).as(job.toString()).contains("drkit: the object store failed: cannot ")
                        .contains("s3://" + bucket.name() + "/nightly").contains("(endpoint " + proxy.endpoint() + ")")
                        .contains("retry later").doesNotContain("Exception").doesNotContain("\tat ");
                assertThat(took).as(job + " ends within the API call timeout (3 min)").isLessThan(Duration.ofMinutes(1));
            }
            assertThat(proxy.counts().dropped()).isPositive();
        }
    }

    @Test
    @Timeout(180)
    void aFlippedByteInAStoredPartIsStillDamageBehindAFaultyStore(TestDatabase source, TestDatabase catalog,
            TestBucket bucket) throws Exception {
        BackupFixture b = BackupFixture.onS3(source, catalog, dir, bucket).seeded(200);
        b.init();
        String pointId = b.backup().get("pointId").asString();
        String key = "nightly/points/" + pointId + "/data/tracking.shipments/00000.copy.zst";
        try (S3Client s3 = S3Service.get().client()) {
            byte[] part = s3.getObjectAsBytes(g -> g.bucket(bucket.name()).key(key)).asByteArray();
            part[part.length / 2] ^= 0x01;
            s3.putObject(p -> p.bucket(bucket.name()).key(key), RequestBody.fromBytes(part));
        }
        try (FaultProxy proxy = FaultProxy.start(bucket.endpoint(), 0, 3)) {
            proxy.use(Faults.BAD_DAY);
            DrkitProcess.Result r = b.drkit(Map.of("DRKIT_S3_ENDPOINT", proxy.endpoint().toString()), "verify", "--all",
                    "--json");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
            JsonNode v = BackupFixture.JSON.readTree(r.stdout());
            assertThat(v.get("verdict").asString()).isEqualTo("failed");
            assertThat(v.get("problems")).as(r.stdout()).hasSize(1);
            assertThat(v.get("damagedObjects").get(0).get("key").asString()).isEqualTo(key.substring("nightly/".length()));
            assertThat(v.get("damagedObjects").get(0).get("kind").asString()).isEqualTo("checksum");
            assertThat(v.get("unreadableObjects")).as("every other object was read, whatever the proxy did").isEmpty();
            assertThat(proxy.counts().slowDowns() + proxy.counts().cuts()).as("the proxy was at work").isPositive();
        }
    }

    @Test
    @Timeout(240)
    void anObjectTheStoreCannotDeliverIsUnreadableNowApartFromDamageInOutputJsonAndReport(TestDatabase source,
            TestDatabase catalog, TestBucket bucket) throws Exception {
        BackupFixture b = BackupFixture.onS3(source, catalog, dir, bucket).seeded(100);
        b.init();
        String pointId = b.backup().get("pointId").asString();
        String key = "points/" + pointId + "/data/tracking.shipments/00000.copy.zst";
        try (FaultProxy proxy = FaultProxy.start(bucket.endpoint(), 0, 9)) {
            // every request about this one object is dropped; the others go through
            proxy.use(new Faults(0, 0, 0, Duration.ZERO, true, false, "/tracking.shipments/"));
            Map<String, String> env = Map.of("DRKIT_S3_ENDPOINT", proxy.endpoint().toString(), "DRKIT_S3_RETRIES", "2");
            DrkitProcess.Result r = b.drkit(env, "verify", "--all", "--json");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("drkit: the object store failed: cannot ").contains(key).contains("retry later");
            JsonNode v = BackupFixture.JSON.readTree(r.stdout());
            assertThat(v.get("verdict").asString()).isEqualTo("failed");
            assertThat(v.get("problems")).as("no damage").isEmpty();
            assertThat(v.get("unreadableObjects")).hasSize(1);
            assertThat(v.get("unreadableObjects").get(0).get("key").asString()).isEqualTo(key);
            assertThat(v.get("unreadableObjects").get(0).get("kind").asString()).isEqualTo("unavailable");
            Path html = dir.resolve(v.get("report").get("localHtml").asString()); // relative to drkit's directory
            JsonNode report = BackupFixture.JSON.readTree(Files.readString(
                    html.resolveSibling(html.getFileName().toString().replace(".html", ".json"))));
            assertThat(report.get("verdict").asString()).isEqualTo("failed");
            assertThat(report.get("problems")).as("the report counts no damage").isEmpty();
            assertThat(report.get("objects").get("unreadableNow").toString()).contains(key);
            assertThat(Files.readString(html)).contains("Could not be read now").contains(key);

            DrkitProcess.Result text = b.drkit(env, "verify", "--all");
            assertThat(text.stdout()).startsWith("NOT VERIFIED").contains("could not be read now").contains(key)
                    .doesNotContain("DAMAGED");
        }
        try (Connection c = catalog.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM drkit_object_read WHERE object_key = '" + key + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("not recorded as read: a sampled run reads it first").isZero();
        }
    }

    @Test
    @Timeout(240)
    void aStopDuringAStalledReadEndsTheJobWithin60SecondsRecordedAsStopped(TestDatabase source, TestDatabase catalog,
            TestBucket bucket) throws Exception {
        BackupFixture b = BackupFixture.onS3(source, catalog, dir, bucket).seeded(200);
        b.init();
        b.backup();
        try (FaultProxy proxy = FaultProxy.start(bucket.endpoint(), 0, 5)) {
            proxy.use(Faults.STALL_DATA);
            Map<String, String> env = new HashMap<>(b.env);
            env.put("DRKIT_S3_ENDPOINT", proxy.endpoint().toString());
            Path log = dir.resolve("verify.log");
            Process p = DrkitProcess.start(env, dir, log, "verify", "--all");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (proxy.counts().stalled() == 0 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(proxy.counts().stalled()).as(Files.readString(log)).isPositive();
            assertThat(p.isAlive()).as("verify waits on the stalled read").isTrue();

            long stop = System.nanoTime();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(70, TimeUnit.SECONDS)).as("ended").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - stop);

            String output = Files.readString(log);
            assertThat(took).as(output).isLessThan(Duration.ofSeconds(60));
            assertThat(p.exitValue()).as(output).isEqualTo(STOPPED_BY_SIGTERM);
            assertThat(output).contains("stopped on request").doesNotContain("the object store failed");
            assertThat(lastRun(catalog, "verifyObjects")).as("the job history").isEqualTo("STOPPED");
        }
    }

    private static String lastRun(TestDatabase catalog, String job) throws Exception {
        try (Connection c = catalog.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT e.status FROM batch_job_execution e JOIN batch_job_instance i "
                        + "ON i.job_instance_id = e.job_instance_id WHERE i.job_name = '" + job
                        + "' ORDER BY e.job_execution_id DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

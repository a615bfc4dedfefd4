package io.drkit.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.S3Service;
import io.drkit.core.testing.TestBucket;
import io.drkit.core.testing.TestDatabase;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Inputs an operator gets wrong, and repositories that went bad: each is exit 2 (a setting to fix)
 * or exit 3 (damage) with one line naming the setting or the object and what to do, never a stack
 * trace, never a wrong verdict.
 */
@ExtendWith(RealServices.class)
class BadInputIT {

    @TempDir
    Path dir;

    @Test
    void aSettingThatCannotWorkIsRefusedAtStartWithOneLineNamingIt() {
        Map<String, String> bad = Map.of("DRKIT_TARGETS_RPO", "abc", "DRKIT_BACKUP_PARTSIZE", "lots",
                "DRKIT_TARGETS_RTO", "0s", "DRKIT_BACKUP_PARALLELISM", "-3", "DRKIT_S3_RETRYBUDGET", "-1m",
                "DRKIT_RESTORE_PARALLELISM", "0");
        bad.forEach((variable, value) -> {
            DrkitProcess.Result r = DrkitProcess.run(Map.of(variable, value), dir, "list");

            assertThat(r.exitCode()).as(variable + "=" + value + ": " + r.all()).isEqualTo(2);
            assertThat(r.stderr().strip().lines()).as(r.stderr()).hasSize(1);
            assertThat(r.stderr()).as("a line of a log file, with its time")
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z drkit: (?s).*");
            assertThat(r.stderrLines()).startsWith("drkit: " + variable + " (drkit.")
                    .doesNotContain("APPLICATION FAILED").doesNotContain("java.").doesNotContain("Exception");
            if (value.matches("[a-z]+")) {
                assertThat(r.stderr()).contains("not '" + value + "'");
            }
        });
        DrkitProcess.Result negative = DrkitProcess.run(Map.of("DRKIT_TARGETS_RPO", "-5m"), dir, "status");
        assertThat(negative.exitCode()).as(negative.all()).isEqualTo(2);
        assertThat(negative.stderr()).contains("DRKIT_TARGETS_RPO").contains("above zero").doesNotContain("misses");
        DrkitProcess.Result zeroParts = DrkitProcess.run(Map.of("DRKIT_BACKUP_PARTSIZE", "0"), dir, "list");
        assertThat(zeroParts.exitCode()).isEqualTo(2);
        assertThat(zeroParts.stderr()).contains("DRKIT_BACKUP_PARTSIZE").contains("at least 1.0 MiB");
    }

    @Test
    void aTruncatedManifestHidesNoHealthyPointAndIsNamed(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        b.init();
        String older = b.backup().get("pointId").asString();
        String newer = b.backup().get("pointId").asString();
        Path manifest = dir.resolve("repo/points/" + older + "/manifest.json");
        String json = Files.readString(manifest);
        Files.writeString(manifest, json.substring(0, json.length() / 2));

        DrkitProcess.Result r = b.drkit("list");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stdout()).contains(newer).contains("DAMAGED " + older);
        assertThat(r.stderr()).contains(older).contains("manifest.json is not manifest JSON");
        DrkitProcess.Result asJson = b.drkit("list", "--json");
        assertThat(BackupFixture.JSON.readTree(asJson.stdout()).get("points")).as("the healthy point, for scripts").hasSize(1);
    }

    @Test
    void aManifestNamingAnObjectOutsideItsPointIsDamageBeforeAnythingIsRead(TestDatabase source, TestDatabase catalog,
            TestBucket bucket) throws Exception {
        // a directory repository
        BackupFixture files = BackupFixture.onFiles(source, catalog, dir.resolve("files")).seeded(50);
        files.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        Files.createDirectories(dir.resolve("files"));
        files.init();
        String onFiles = files.backup().get("pointId").asString();
        Path manifest = dir.resolve("files/repo/points/" + onFiles + "/manifest.json");
        Files.writeString(manifest, escape(Files.readString(manifest), onFiles));
        assertOutsideKeyRefused(files, onFiles);

        // an S3 repository: the same manifest is refused the same way, not sent to S3 as a key
        BackupFixture s3 = BackupFixture.onS3(source, catalog, dir.resolve("s3"), bucket);
        s3.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        Files.createDirectories(dir.resolve("s3"));
        s3.init();
        String onS3 = s3.backup().get("pointId").asString();
        String key = "nightly/points/" + onS3 + "/manifest.json";
        try (S3Client client = S3Service.get().client()) {
            String json = client.getObjectAsBytes(g -> g.bucket(bucket.name()).key(key)).asUtf8String();
            client.putObject(p -> p.bucket(bucket.name()).key(key), RequestBody.fromString(escape(json, onS3)));
        }
        assertOutsideKeyRefused(s3, onS3);
    }

    private void assertOutsideKeyRefused(BackupFixture b, String pointId) throws Exception {
        for (String[] command : List.of(new String[] {"verify", "--point", pointId},
                new String[] {"restore", "--point", pointId})) {
            DrkitProcess.Result r = b.drkit(command);
            assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.all()).isEqualTo(3);
            // verify lists it among the problems it found, restore ends with it
            assertThat(r.all()).contains("names ../../../etc/passwd, which is not an object of point " + pointId)
                    .doesNotContain("S3 error").doesNotContain("Exception");
        }
        assertThat(databaseExists(b, "drkit_" + pointId.toLowerCase(Locale.ROOT).replace('-', '_')))
                .as("the restore stopped before it created its scratch database").isFalse();
    }

    /** The manifest with its first data part's key pointing out of the repository. */
    private static String escape(String manifest, String pointId) {
        String prefix = "\"points/" + pointId + "/data/";
        int at = manifest.indexOf(prefix);
        int end = manifest.indexOf('"', at + 1);
        return manifest.substring(0, at) + "\"../../../etc/passwd" + manifest.substring(end);
    }

    @Test
    void aRestoreThatMeetsADamagedPartNamesTheNewestPointThatDoesWithoutIt(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.init();
        String older = b.backup().get("pointId").asString();
        String newer = b.backup().get("pointId").asString();
        Path part = b.damagePart(newer, "tracking.shipments");
        String key = dir.resolve("repo").relativize(part).toString();

        DrkitProcess.Result r = b.drkit("restore");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains(key).contains("the newest point that does not use " + key + " is " + older)
                .contains("drkit restore --point " + older).doesNotContain("run the same command");
        String scratch = "drkit_" + newer.toLowerCase(Locale.ROOT).replace('-', '_');
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
        }
    }

    @Test
    void aBackupThatFillsTheRepositoryDiskRemovesWhatItWrote(TestDatabase source, TestDatabase catalog) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        BackupFixture.ToolResult mounted = BackupFixture.runAllowingFailure(Map.of(), "mount", "-t", "tmpfs", "-o",
                "size=160k", "tmpfs", mount.toString());
        assumeThat(mounted.exitCode()).as("a small file system to fill (needs mount rights): " + mounted.output())
                .isZero();
        try {
            BackupFixture b = BackupFixture.onFiles(source, catalog, mount).seeded(400);
            b.init();

            DrkitProcess.Result r = b.drkit("backup", "--full");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("the disk of repository").contains("is full")
                    .contains("objects point").contains("are removed");
            try (Stream<Path> left = Files.walk(mount.resolve("repo"))) {
                assertThat(left.filter(Files::isRegularFile).map(p -> mount.relativize(p).toString()))
                        .as("only the descriptor stays").containsExactly("repo/drkit.json");
            }
        } finally {
            BackupFixture.runAllowingFailure(Map.of(), "umount", mount.toString());
        }
    }

    @Test
    void aHostThatClosesTheConnectionIsUnreachableNotAnSslError(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir);
        b.init();
        try (ServerSocket closer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!closer.isClosed()) {
                    try (Socket s = closer.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            b.env.put("DRKIT_SOURCE_URL", "jdbc:postgresql://127.0.0.1:" + closer.getLocalPort()
                    + "/tracking?user=courier&password=s3cret-pw");

            DrkitProcess.Result r = b.drkit("backup", "--full");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr()).contains("cannot connect to the source database").contains("not reachable")
                    .contains("127.0.0.1:" + closer.getLocalPort()).doesNotContain("SSL").doesNotContain("s3cret-pw");
        }
    }

    @Test
    void aDescriptorThatIsNotOneIsNamedWithoutADoubleSlash(TestDatabase source, TestDatabase catalog, TestBucket bucket) {
        BackupFixture b = BackupFixture.onS3(source, catalog, dir, bucket);
        b.init();
        try (S3Client client = S3Service.get().client()) {
            client.putObject(p -> p.bucket(bucket.name()).key("nightly/drkit.json"),
                    RequestBody.fromBytes("{\"formatVersion\": ".getBytes(StandardCharsets.UTF_8)));
        }

        DrkitProcess.Result r = b.drkit("list");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains("s3://" + bucket.name() + "/nightly/drkit.json is not a drkit descriptor");
    }

    private static boolean databaseExists(BackupFixture b, String name) throws Exception {
        try (Connection c = b.source.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            return rs.next();
        }
    }
}

package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.codec.RepositoryKey;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;

/** What a restore refuses to do, and what it stops on: each with the right exit code and words. */
@ExtendWith(RealServices.class)
class RestoreRefusalsTest {

    @TempDir
    Path dir;

    @Test
    void neverIntoTheSourceNorIntoADatabaseWithTables(TestDatabase source, TestDatabase catalog, TestDatabase busy)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        b.init();
        b.backup();
        String before = RestoreFixture.dataOf(source.url()) + RestoreFixture.schemaOf(source.url());
        try (Connection c = busy.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE keep_me (x int)");
        }
        try (RestoreFixture f = new RestoreFixture(b)) {
            DrkitProcess.Result intoSource = f.drkit("restore", "--target-url", source.url().url());
            assertThat(intoSource.exitCode()).as(intoSource.all()).isEqualTo(2);
            assertThat(intoSource.stderr()).contains("refusing to restore into").contains("it is the source of point");

            DrkitProcess.Result intoBusy = f.drkit("restore", "--target-url", busy.url().url());
            assertThat(intoBusy.exitCode()).as(intoBusy.all()).isEqualTo(2);
            assertThat(intoBusy.stderr()).contains("database " + busy.name() + " is not empty (1 tables)");

            DrkitProcess.Result noPoint = f.drkit("restore", "--point", "20200101T000000Z-full-abcd");
            assertThat(noPoint.exitCode()).isEqualTo(2);
            assertThat(noPoint.stderr()).contains("no point 20200101T000000Z-full-abcd");

            DrkitProcess.Result noTable = f.drkit("restore", "--tables", "tracking.nope");
            assertThat(noTable.exitCode()).isEqualTo(2);
            assertThat(noTable.stderr()).contains("has no table tracking.nope");
        }
        assertThat(RestoreFixture.dataOf(source.url()) + RestoreFixture.schemaOf(source.url()))
                .as("the source is untouched").isEqualTo(before);
    }

    @Test
    void aDamagedPartStopsTheRestoreWithExit3AndNamesIt(TestDatabase source, TestDatabase catalog, TestDatabase target)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(500);
        b.init();
        String pointId = b.backup().get("pointId").asString();
        Path part = firstPart(b, pointId, "tracking.shipments");
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int x = f.read();
            f.seek(f.length() / 2);
            f.write(x ^ 0x40);
        }
        try (RestoreFixture f = new RestoreFixture(b)) {
            DrkitProcess.Result r = f.drkit("restore", "--target-url", target.url().url());

            assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
            String key = Path.of(java.net.URI.create(b.repository)).relativize(part).toString();
            assertThat(r.stderr()).contains(key).contains("SHA-256");
        }
    }

    @Test
    void anEncryptedPointNeedsItsKey(TestDatabase source, TestDatabase catalog, TestDatabase target) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        Path key = dir.resolve("repo.key");
        DrkitProcess.Result init = b.drkit("init", "--generate-key", key.toString());
        assertThat(init.exitCode()).as(init.all()).isZero();
        b.env.put("DRKIT_ENCRYPTION_KEY_FILE", key.toString());
        b.backup();
        try (RestoreFixture f = new RestoreFixture(b)) {
            Path other = dir.resolve("other.key");
            RepositoryKey.generate(other);
            DrkitProcess.Result wrong = f.drkit(RestoreFixture.env("DRKIT_ENCRYPTION_KEY_FILE", other.toString()),
                    "restore", "--target-url", target.url().url());
            assertThat(wrong.exitCode()).as(wrong.all()).isEqualTo(2);
            assertThat(wrong.stderr()).contains("wrong encryption key");

            f.drkit("restore", "--target-url", target.url().url());
            assertThat(RestoreFixture.dataOf(target.url())).isEqualTo(RestoreFixture.dataOf(source.url()));
        }
    }

    private static Path firstPart(BackupFixture b, String pointId, String table) throws Exception {
        Path folder = Path.of(java.net.URI.create(b.repository)).resolve("points").resolve(pointId).resolve("data")
                .resolve(table);
        try (Stream<Path> parts = Files.list(folder)) {
            return parts.sorted().findFirst().orElseThrow();
        }
    }
}

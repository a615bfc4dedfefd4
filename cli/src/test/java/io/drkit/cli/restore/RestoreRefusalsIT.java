package io.drkit.cli.restore;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.codec.RepositoryKey;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;

/** What a restore refuses to do, and what it stops on: each with the right exit code and words. */
@ExtendWith(RealServices.class)
class RestoreRefusalsIT {

    @TempDir
    Path dir;

    @Test
    void neverIntoTheSourceNorIntoADatabaseWithTablesNorIntoOneAnotherRestoreHolds(TestDatabase source,
            TestDatabase catalog, TestDatabase busy, TestDatabase contested) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        b.init();
        b.backup();
        SourceCapture before = SourceCapture.of(source);
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

            twoRestoresIntoOneDatabaseAtOnce(f, contested);
            assertThatRestored(contested).as("the first restore, let go, finished").isTheSource(before);
        }
        assertThatRestored(source).as("the source is untouched").isTheSource(before);
    }

    /**
     * A first restore is held inside the target, after it took the target's lock: an uncommitted
     * schema of the test's has the name its ledger needs, so its CREATE SCHEMA waits on the test's
     * transaction. A second restore into the same database then stops at once with exit 5; rolling
     * back lets the first finish.
     */
    private void twoRestoresIntoOneDatabaseAtOnce(RestoreFixture f, TestDatabase target) throws Exception {
        Path log = dir.resolve("held-restore.log");
        try (Connection hold = target.connect(); Statement s = hold.createStatement()) {
            hold.setAutoCommit(false);
            s.execute("CREATE SCHEMA drkit_restore");
            Process first = DrkitProcess.start(f.backup.env, dir, log, "restore", "--target-url", target.url().url());
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (!waitsOnALock(target) && first.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(waitsOnALock(target)).as("the first restore is at work in %s:\n%s", target.name(),
                        Files.exists(log) ? Files.readString(log) : "").isTrue();

                Path secondLog = dir.resolve("second-restore.log");
                Process second = DrkitProcess.start(f.backup.env, dir, secondLog, "restore", "--target-url",
                        target.url().url());
                try {
                    assertThat(second.waitFor(2, TimeUnit.MINUTES)).as("refused, not waiting for the first").isTrue();
                } finally {
                    second.destroyForcibly();
                }
                String refused = Files.readString(secondLog);
                assertThat(second.exitValue()).as(refused).isEqualTo(5);
                assertThat(refused).contains("another run holds the lock on restore ").contains(target.name())
                        .contains("drkit restore ");
                assertThat(first.isAlive()).as("the first restore is untouched by the second").isTrue();
            } finally {
                hold.rollback();
            }
            assertThat(first.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(first.exitValue()).as(Files.readString(log)).isZero();
        }
    }

    /**
     * Whether a session waits on a lock in the target database. Asked on a connection of its own: within
     * the holding transaction, pg_stat_activity would show the same snapshot every time.
     */
    private static boolean waitsOnALock(TestDatabase target) throws Exception {
        try (Connection c = target.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + target.name()
                        + "' AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
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

            DrkitProcess.Result right = f.drkit("restore", "--target-url", target.url().url());
            assertThat(right.exitCode()).as(right.all()).isZero();
            assertThatRestored(target).as("restored with the right key after the wrong one").isTheSource(SourceCapture.of(source));
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

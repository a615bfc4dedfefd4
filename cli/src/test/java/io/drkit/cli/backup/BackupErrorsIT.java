package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.catalog.LockName;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.cli.DrkitProcess;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.RequiredTool;
import io.drkit.core.testing.TestBucket;
import io.drkit.core.testing.TestDatabase;

/** What an operator sees when a backup cannot be taken: one clear line, the right exit code, no secret. */
@ExtendWith(RealServices.class)
class BackupErrorsIT {

    @TempDir
    Path dir;

    @Test
    void aSecondBackupOfTheSameRepositoryExits5AndNamesTheHolder(TestDatabase source, TestDatabase catalog) {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        f.init();
        f.backup();
        // held under the repository spelt with a trailing slash, asked for without: the same repository
        LockName held = LockName.backup(RepositoryIdentity.of(f.repository + "/"));
        try (CatalogLock lock = CatalogLock.acquire(catalog.url(), held, "drkit backup --full")) {
            DrkitProcess.Result r = f.drkit("backup", "--full");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(5);
            assertThat(r.stderr()).contains("another run holds the lock on backup " + f.repository)
                    .contains("pid " + ProcessHandle.current().pid()).contains("drkit backup --full");
            DrkitProcess.Result prune = f.drkit("prune");
            assertThat(prune.exitCode()).as("prune takes the backup lock: " + prune.all()).isEqualTo(5);
        }
        assertThat(f.list()).as("only the first backup's point").hasSize(1);
    }

    @Test
    void aMissingBucketIsNamed(TestDatabase source, TestDatabase catalog, TestBucket bucket) {
        BackupFixture f = BackupFixture.onS3(source, catalog, dir, bucket).seeded(10);
        f.env.put("DRKIT_REPOSITORY", "s3://no-such-bucket-" + bucket.name() + "/nightly");

        DrkitProcess.Result r = f.drkit("backup", "--full");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("bucket no-such-bucket-" + bucket.name() + " does not exist");
    }

    @Test
    void aWrongSecretKeyIsAccessDeniedAndTheSecretIsNotPrinted(TestDatabase source, TestDatabase catalog,
            TestBucket bucket) {
        BackupFixture f = BackupFixture.onS3(source, catalog, dir, bucket).seeded(10);
        f.init();
        f.env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret-4f9a1c");

        DrkitProcess.Result r = f.drkit("backup", "--full");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("access denied").contains(bucket.endpoint().toString())
                .doesNotContain("wrong-secret-4f9a1c").doesNotContain("(null)").doesNotContain("null)");
    }

    @Test
    void anUnreachableSourceIsNamedWithoutItsPassword(TestDatabase source, TestDatabase catalog) {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir);
        f.init();
        f.env.put("DRKIT_SOURCE_URL", "jdbc:postgresql://127.0.0.1:1/tracking?user=courier&password=s3cret-pw");

        DrkitProcess.Result r = f.drkit("backup", "--full");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("cannot connect to the source database").contains("127.0.0.1:1")
                .doesNotContain("s3cret-pw");
    }

    @Test
    void aTableLockedExclusivelyIsNamedOnceTheLockTimeoutPasses(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        f.init();
        f.env.put("DRKIT_BACKUP_LOCKTIMEOUT", "2s");
        try (Connection other = source.connect(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("LOCK TABLE tracking.shipments IN ACCESS EXCLUSIVE MODE");

            DrkitProcess.Result r = f.drkit("backup", "--full");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("table tracking.shipments is locked exclusively by another session");
            other.rollback();
        }
        assertThat(f.list()).isEmpty();
    }

    @Test
    void aTableDroppedWhileTheBackupStartsIsNamedAndTheNextRunSucceeds(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        f.init();
        try (Connection dropper = source.connect(); Statement s = dropper.createStatement()) {
            s.execute("CREATE TABLE tracking.scratch_notes (id int PRIMARY KEY, note text)");
            dropper.setAutoCommit(false);
            s.execute("DROP TABLE tracking.scratch_notes");
            CompletableFuture<DrkitProcess.Result> run = CompletableFuture.supplyAsync(() -> f.drkit("backup", "--full"));
            awaitBackupWaitingForALock(source, run);
            dropper.commit();

            DrkitProcess.Result r = run.get(3, TimeUnit.MINUTES);

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("table tracking.scratch_notes was dropped while the backup started");
        }
        assertThat(f.list()).isEmpty();
        f.backup();
        assertThat(f.list()).hasSize(1);
    }

    @Test
    void aFullDiskOfAFileRepositorySaysSoAndLeavesNoHalfObject(TestDatabase source, TestDatabase catalog)
            throws Exception {
        Path small = dir.resolve("small-disk");
        Files.createDirectories(small);
        RequiredTool.assumeCapable(mounted(small),
                "a small tmpfs cannot be mounted here: mounting one needs root (or CAP_SYS_ADMIN) and mount(8)");
        try {
            BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(2000);
            f.env.put("DRKIT_REPOSITORY", small.resolve("repo").toUri().toString());
            f.init();

            DrkitProcess.Result r = f.drkit("backup", "--full");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("is full");
            assertThat(f.list()).isEmpty();
            try (var files = Files.walk(small)) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith(".drkit-tmp-")))
                        .as("temporary files of the failed writes").isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Mounts a 256 KiB tmpfs on {@code at}; false where this machine does not allow it, never an error. */
    private static boolean mounted(Path at) throws InterruptedException {
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", at.toString())
                    .redirectErrorStream(true).start();
            return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false; // no mount(8) at all
        }
    }

    /** Waits until a backend of drkit waits for a table lock (bounded, as every test here). */
    private static void awaitBackupWaitingForALock(TestDatabase source, CompletableFuture<?> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline && !run.isDone()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock' AND application_name LIKE 'drkit%'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the backup never waited for the dropped table's lock");
    }
}

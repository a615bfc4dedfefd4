package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

/**
 * A backup that waits for a table another session holds exclusively (an ALTER TABLE in a long
 * transaction) says so while it waits, naming the table and the session's process, then goes on
 * when the lock is released.
 */
@ExtendWith(RealServices.class)
class LockWaitIT {

    @TempDir
    Path dir;

    @Test
    void aBackupBlockedOnALockSaysWhoHoldsItAndGoesOnWhenItIsReleased(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        b.init();
        Map<String, String> env = new HashMap<>(b.env);
        env.put("DRKIT_BACKUP_LOCKTIMEOUT", "5m");
        Path log = dir.resolve("backup.log");
        Process backup;
        int holder;
        try (Connection c = source.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET application_name = 'schema-change'");
                s.execute("LOCK TABLE tracking.shipments IN ACCESS EXCLUSIVE MODE");
                var rs = s.executeQuery("SELECT pg_backend_pid()");
                rs.next();
                holder = rs.getInt(1);
            }
            backup = DrkitProcess.start(env, dir, log, "backup", "--full");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains("waiting") && backup.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(backup.isAlive()).as("the backup waits for the lock:\n%s", Files.readString(log)).isTrue();
            assertThat(Files.readString(log)).containsPattern("backup: waiting \\d+ s for a lock on tracking\\.shipments "
                    + "held by pid " + holder + " \\(schema-change\\); the backup goes on when it is released, or stops "
                    + "after 300 s \\(drkit.backup.lock-timeout\\)");
            c.rollback();
        }
        assertThat(backup.waitFor(180, TimeUnit.SECONDS)).as("the backup ends once the lock is released").isTrue();
        assertThat(backup.exitValue()).as(Files.readString(log)).isZero();
    }
}

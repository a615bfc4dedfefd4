package io.drkit.cli.restore;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.OutsideKill;
import io.drkit.cli.TestStore;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * A restore killed at any moment and run again ends with every row exactly once, and with the
 * source's schema (every index and constraint) and sequences, as pg_dump sees them ({@link SourceCapture}):
 * halted by drkit's fail points at exact places ({@code halted...}), and killed with SIGKILL from
 * outside after a sign of work, reading from S3 ({@code killedFromOutside...}).
 */
@ExtendWith(RealServices.class)
class RestoreRestartIT {

    private static final int KILLED = 137;
    /** The exit status of a JVM that ended on SIGTERM, its shutdown hooks run. */
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path dir;

    @Test
    void haltedByTheFailPointsDuringDataIndexesOrBeforeSequencesTheRerunFinishesWithNoRowTwice(TestDatabase source,
            TestDatabase catalog, TestDatabase t1, TestDatabase t2, TestDatabase t3) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(1500);
        b.init();
        b.backup();
        SourceCapture expected = SourceCapture.of(source);
        try (RestoreFixture f = new RestoreFixture(b)) {
            killThenFinish(f, t1, "DRKIT_RESTOREFAILPOINTS_HALTAFTERPARTS", "3", expected);
            killThenFinish(f, t2, "DRKIT_RESTOREFAILPOINTS_HALTAFTERPOSTDATA", "4", expected);
            killThenFinish(f, t3, "DRKIT_RESTOREFAILPOINTS_HALTBEFORESEQUENCES", "true", expected);
        }
    }

    @Test
    void killedFromOutsideAfterASignOfWorkTheSameCommandFinishesTheRestoreFromS3(TestDatabase source,
            TestDatabase catalog, TestDatabase target) throws Exception {
        BackupFixture b = TestStore.S3.fixture(source, catalog, dir).seeded(1500);
        b.init();
        long parts = b.backup().get("parts").asLong();
        try (RestoreFixture f = new RestoreFixture(b)) {
            f.backup.env.put("DRKIT_RESTORE_PARALLELISM", "1");
            OutsideKill.Seed seed = OutsideKill.seed("restore from S3");
            int loaded = seed.between(1, (int) Math.max(1, parts / 3));
            OutsideKill.Sign sign = seed.pick(List.of(
                    new OutsideKill.Sign("the tables created", () -> ledgerHas(target, "pre-data")),
                    new OutsideKill.Sign(loaded + " part(s) loaded", () -> partsLoaded(target) >= loaded)));

            OutsideKill.Killed killed = OutsideKill.afterSign(f.backup.env, dir, sign, seed, "restore", "--target-url",
                    target.url().url());

            assertThat(partsLoaded(target)).as(killed + ": the ledger is left for the rerun").isNotNegative();
            JsonNode r = f.restore("--target-url", target.url().url());
            assertThat(r.get("resumed").asBoolean()).as(killed.toString()).isTrue();
            assertThatRestored(target).as(killed + ": every row exactly once, the source's schema and sequences")
                    .isTheSource(SourceCapture.of(source));
            assertThat(partsLoaded(target)).as("the ledger is removed at the end").isEqualTo(-1);
        }
    }

    /** Whether the target's ledger records {@code item} (false while it has no ledger). */
    private static boolean ledgerHas(TestDatabase target, String item) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('drkit_restore.done') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try (Connection c = target.connect(); java.sql.PreparedStatement p = c.prepareStatement(
                "SELECT 1 FROM drkit_restore.done WHERE item = ?")) {
            p.setString(1, item);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false; // the ledger is being created
        }
    }

    @Test
    void sigtermStopsTheRestoreBetweenPartsAndTheSameCommandFinishesIt(TestDatabase source, TestDatabase catalog,
            TestDatabase target) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(1500);
        b.init();
        long parts = b.backup().get("parts").asLong();
        try (RestoreFixture f = new RestoreFixture(b)) {
            f.backup.env.put("DRKIT_RESTORE_PARALLELISM", "1");
            Path log = dir.resolve("stopped-restore.log");
            Process p = DrkitProcess.start(f.backup.env, dir, log, "restore", "--target-url", target.url().url());
            awaitFirstPart(target, p);
            p.destroy(); // SIGTERM, as cron's kill, systemd, Kubernetes and drkit daemon send it

            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("stopped within its patience").isTrue();
            String output = Files.readString(log);
            if (outranTheSignal(p, source, target)) {
                return;
            }
            assertThat(p.exitValue()).as(output).isEqualTo(SIGTERM_EXIT);
            assertThat(output).contains("drkit: stopping on request")
                    .contains("stopped on request (SIGTERM) (database " + target.name()
                            + " keeps what is done: run the same command to continue)");
            assertThat(restoreStatuses(catalog)).as("Spring Batch's record of the run").containsExactly("STOPPED");
            long done = partsLoaded(target);
            assertThat(done).as("parts committed before the stop").isPositive();

            JsonNode r = f.restore("--target-url", target.url().url());

            assertThat(r.get("resumed").asBoolean()).isTrue();
            assertThat(r.get("parts").asLong()).as("parts loaded by the rerun: what the stopped run left").isEqualTo(parts - done);
            assertThatRestored(target).isTheSource(SourceCapture.of(source));
        }
    }

    /**
     * Waits (bounded) until the restore has committed a part, or has ended. Whether the signal sent
     * next lands is not assumed: a machine fast enough to finish first is judged on what it left.
     */
    private static void awaitFirstPart(TestDatabase target, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (partsLoaded(target) <= 0 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(partsLoaded(target) > 0 || !p.isAlive()).as("a part committed within two minutes").isTrue();
    }

    /**
     * True where the restore finished before the signal reached it; then its outcome is what a
     * finished restore leaves, the source's data and no ledger, and there is no stopped run to judge.
     */
    private static boolean outranTheSignal(Process p, TestDatabase source, TestDatabase target) throws Exception {
        if (p.exitValue() != 0) {
            return false;
        }
        System.out.println("the restore finished before the signal reached it: its outcome is checked instead");
        assertThatRestored(target).isTheSource(SourceCapture.of(source));
        assertThat(partsLoaded(target)).as("the ledger is removed at the end").isEqualTo(-1);
        return true;
    }

    private static List<String> restoreStatuses(TestDatabase catalog) throws SQLException {
        List<String> statuses = new ArrayList<>();
        try (Connection c = catalog.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT e.status FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id "
                        + "WHERE i.job_name = 'restore' ORDER BY e.job_execution_id")) {
            while (rs.next()) {
                statuses.add(rs.getString(1));
            }
        }
        return statuses;
    }

    private static void killThenFinish(RestoreFixture f, TestDatabase target, String failPoint, String value,
            SourceCapture expected) throws Exception {
        DrkitProcess.Result killed = f.drkit(Map.of(failPoint, value), "restore", "--target-url", target.url().url());
        assertThat(killed.exitCode()).as(killed.all()).isEqualTo(KILLED);

        JsonNode r = f.restore("--target-url", target.url().url());

        assertThat(r.get("resumed").asBoolean()).as(failPoint).isTrue();
        assertThatRestored(target).as(failPoint + ": every row exactly once, every index and constraint")
                .isTheSource(expected);
        assertThat(partsLoaded(target)).as("the ledger is removed at the end").isEqualTo(-1);
    }

    /** Parts the target's ledger records, or -1 when it has no ledger. */
    private static long partsLoaded(TestDatabase target) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('drkit_restore.done') IS NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return -1;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM drkit_restore.done WHERE item LIKE 'points/%'")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            // the ledger may be created between the two queries
            return 0;
        }
    }
}

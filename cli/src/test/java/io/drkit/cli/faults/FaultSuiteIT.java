package io.drkit.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.FaultProxy;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestBucket;
import io.drkit.core.testing.TestDatabase;

/**
 * The fault suite ({@link FaultSuite}) with one round in the test suite; {@code scripts/fault-suite.sh}
 * runs it with ten ({@code -Ddrkit.fault.rounds=10}) and puts its table in docs/RELIABILITY.md. Under
 * 10 % 503 SlowDown, 3 % connections cut mid-answer and 5 % late answers, every job succeeds with exact
 * data and nothing reports damage; killed at random moments, every job's next run succeeds and no
 * point is lost or half-visible.
 */
@ExtendWith(RealServices.class)
class FaultSuiteIT {

    @TempDir
    Path dir;

    @Test
    void onABadDayAndUnderKillsEveryJobSucceedsOrRecoversAndNothingIsFalselyDamaged(TestDatabase source,
            TestDatabase catalog, TestBucket bucket) throws Exception {
        int rounds = Integer.getInteger("drkit.fault.rounds", 1);
        long seed = Long.getLong("drkit.fault.seed", 15);
        BackupFixture b = BackupFixture.onS3(source, catalog, dir, bucket).seeded(Integer.getInteger("drkit.fault.shipments", 400));
        b.init();
        long started = System.nanoTime();
        // bounded: a round takes a few minutes on two busy cores
        assertTimeoutPreemptively(Duration.ofMinutes(15L * rounds), () -> suite(b, bucket, rounds, seed, started));
    }

    private void suite(BackupFixture b, TestBucket bucket, int rounds, long seed, long started) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(bucket.endpoint(), 0, seed)) {
            FaultSuite suite = new FaultSuite(b, bucket, proxy, Files.createDirectories(dir.resolve("logs")), seed);
            suite.run(rounds);
            String table = suite.table(rounds, Duration.ofNanos(System.nanoTime() - started));
            System.out.println(table);
            String out = System.getProperty("drkit.fault.report");
            if (out != null) {
                Files.writeString(Path.of(out), table);
            }
            assertThat(proxy.counts().slowDowns()).as("the proxy answered 503s").isPositive();
            assertThat(proxy.counts().cuts()).as("the proxy cut connections").isPositive();
            for (FaultSuite.Tally t : suite.tallies().values()) {
                assertThat(t.falseAlarms()).as(t.job + ": false integrity alarms\n" + table).isZero();
                assertThat(t.pointsLostOrHalfVisible()).as(t.job + ": points lost or half-visible\n" + table).isZero();
                assertThat(t.dataEqual()).as(t.job + ": restores equal to the source\n" + table).isEqualTo(t.restoresCompared());
                assertThat(t.successes()).as(t.job + ": every run succeeds (or its rerun, after a kill)\n" + table)
                        .isEqualTo(t.runs());
            }
        }
    }
}

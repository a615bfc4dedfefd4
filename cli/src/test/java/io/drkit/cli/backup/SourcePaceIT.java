package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

/** A backup on the database's own host: what drkit does to stay out of the database's way, and says it does. */
@ExtendWith(RealServices.class)
class SourcePaceIT {

    @TempDir
    Path dir;

    @Test
    void onTheDatabasesHostTheBackupRunsAtTheGivenNiceAndReadRateAndCheckSaysWhatThatCosts(TestDatabase source,
            TestDatabase catalog) {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        f.env.put("DRKIT_BACKUP_NICE", "7");
        f.env.put("DRKIT_BACKUP_MAXRATE", "4MB");
        f.init();

        DrkitProcess.Result backup = f.drkit("backup", "--full");

        assertThat(backup.exitCode()).as(backup.all()).isZero();
        assertThat(backup.stderr()).contains("the source runs on this machine; drkit runs at nice 7");
        DrkitProcess.Result check = f.drkit("check");
        assertThat(check.stdout()).as(check.all()).contains("the source runs on this machine")
                .contains("at nice 7 (drkit.backup.nice)").contains("reading at most 4 MB/s (drkit.backup.max-rate)")
                .contains("it slows its reading while the source answers late");
    }

    @Test
    void aNiceOutOfRangeOrAReadRateOfNothingStopsTheBackupAtStartNamingTheSetting(TestDatabase source,
            TestDatabase catalog) {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir);

        DrkitProcess.Result nice = f.drkit(Map.of("DRKIT_BACKUP_NICE", "25"), "backup", "--full");
        DrkitProcess.Result rate = f.drkit(Map.of("DRKIT_BACKUP_MAXRATE", "0"), "backup", "--full");

        assertThat(nice.exitCode()).as(nice.all()).isEqualTo(2);
        assertThat(nice.stderr()).contains("drkit.backup.nice").contains("must be 0 to 19, not 25");
        assertThat(rate.exitCode()).as(rate.all()).isEqualTo(2);
        assertThat(rate.stderr()).contains("drkit.backup.max-rate");
    }
}

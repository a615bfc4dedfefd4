package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line and exit code 2, and secrets never reach the output. */
class CommandLineErrorsIT {

    @TempDir
    Path dir;

    @Test
    void unknownCommand() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("frobnicate").contains("drkit --help");
    }

    @Test
    void missingConfigFile() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "--config", "no-such.yml", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--config no-such.yml: no such file");
    }

    @Test
    void malformedUrl() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "tracking", "init", "--url", "mysql://db/x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("not a PostgreSQL JDBC URL");
    }

    @Test
    void unreachableServerWithoutLeakingThePasswordOfItsUri() {
        // libpq's URI form, as psql takes it: accepted, and its password as safe as a JDBC URL's
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "tracking", "seed", "--shipments", "10",
                "--url", "postgresql://ops:s3cr3t-pass@127.0.0.1:1/tracking");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("cannot connect to the tracking database").contains("not reachable");
        assertThat(r.all()).doesNotContain("s3cr3t-pass");
        assertThat(r.stderr().strip().lines()).hasSize(1);
    }

    @Test
    void negativeCount() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "tracking", "seed", "--shipments", "-5",
                "--url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--shipments must be positive");
    }

    @Test
    void aPointIdIsCheckedAsItEntersBeforeAnythingIsOpened() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "restore", "--point", "../../etc");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("not a point id: ../../etc").doesNotContain("Exception");
    }

    @Test
    void missingConfigurationIsNamed() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "tracking", "seed");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("DRKIT_SOURCE_URL is not set");
    }

    @Test
    void helpPointsToTheOneListOfExitCodes() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "tracking", "seed", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("--shipments").contains("Exit codes: see 'drkit --help'.")
                .doesNotContain("5   another run holds the lock");
    }

    @Test
    void helpNeedsNoConfigurationAtAll() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "--help");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("backup").contains("list").contains("init");
        assertThat(DrkitProcess.run(Map.of(), dir, "backup", "--help").stdout()).contains("--full");
    }

    @Test
    void aMissingKeyFileIsSaidInWordsNotAsAJavaException() {
        Path key = dir.resolve("no-such-dir").resolve("repository.key");
        DrkitProcess.Result r = DrkitProcess.run(Map.of("DRKIT_REPOSITORY", dir.resolve("repo").toUri().toString(),
                "DRKIT_ENCRYPTION_KEY_FILE", key.toString()), dir, "init");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("cannot read the encryption key file " + key
                + " (DRKIT_ENCRYPTION_KEY_FILE): no such file or directory").doesNotContain("Exception");
        assertThat(r.stderr().strip().lines()).hasSize(1);
    }

    @Test
    void theDaemonWithNothingConfiguredSaysWhatToSetInOneLine() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of("DRKIT_DAEMON_PORT", "0"), dir, "daemon");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("DRKIT_CATALOG_URL is not set").doesNotContain("Exception")
                .doesNotContain("WARN").doesNotContain("\tat ");
        assertThat(r.stderr().strip().lines()).hasSize(1);
    }

    @Test
    void backupWithoutACatalogSaysWhatToSet() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of("DRKIT_SOURCE_URL", "postgresql://127.0.0.1:1/x",
                "DRKIT_REPOSITORY", dir.resolve("repo").toUri().toString()), dir, "backup", "--full");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("DRKIT_CATALOG_URL is not set");
    }
}

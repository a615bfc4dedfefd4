package io.drkit.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.testing.PostgresService;
import io.drkit.core.testing.TestDatabase;

/**
 * The files in the repository's {@code schedules/} are what {@code drkit schedule print} renders from
 * the default configuration: change the defaults or the renderers and this fails until they are
 * rendered again ({@code ./drkit schedule print --format F --output schedules/F}).
 */
class ScheduleFilesIT {

    private static final Path COMMITTED = Path.of("..", "schedules").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theCommittedScheduleFilesAreWhatTheDefaultConfigurationRenders() throws IOException {
        for (String format : List.of("cron", "systemd", "k8s")) {
            DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "schedule", "print", "--format", format,
                    "--output", dir.resolve(format).toString());
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(names(dir.resolve(format))).as(format).isEqualTo(names(COMMITTED.resolve(format)));
            for (String name : names(dir.resolve(format))) {
                assertThat(Files.readString(dir.resolve(format).resolve(name))).as("rendered against schedules/" + format + "/" + name)
                        .isEqualTo(Files.readString(COMMITTED.resolve(format).resolve(name)));
            }
        }
    }

    @Test
    void aBadScheduleStopsOnlyTheCommandsThatReadTheSchedules() {
        PostgresService server = PostgresService.get();
        TestDatabase catalog = server.createDatabase("bad_schedule_catalog");
        try {
            Map<String, String> env = Map.of("DRKIT_SCHEDULES_FULL_BACKUP", "0 25 * * *",
                    "DRKIT_REPOSITORY", dir.resolve("repo").toUri().toString(),
                    "DRKIT_SCRATCH_URL", server.adminUrl().url(), "DRKIT_CATALOG_URL", catalog.url().url(),
                    "DRKIT_DAEMON_PORT", "0");
            for (List<String> reader : List.of(List.of("schedule", "print", "--format", "cron"), List.of("daemon"))) {
                DrkitProcess.Result r = DrkitProcess.run(env, dir, reader.toArray(String[]::new));
                assertThat(r.exitCode()).as(reader + ": " + r.all()).isEqualTo(2);
                assertThat(r.stderr()).as(reader.get(0))
                        .contains("drkit.schedules.full-backup: '0 25 * * *' is not a crontab expression: "
                                + "value 25 not in range [0, 23]")
                        .as("never Spring's six-field form").doesNotContain("0 0 25")
                        .doesNotContain("Exception");
            }
            // the incident commands get as far as the repository, which is not there: the schedule is not their business
            for (String other : List.of("restore", "verify", "drill")) {
                DrkitProcess.Result r = DrkitProcess.run(env, dir, other);
                assertThat(r.stderr()).as(other + ": " + r.all()).contains("no drkit repository at")
                        .doesNotContain("drkit.schedules");
            }
        } finally {
            server.dropDatabase(catalog.name());
        }
    }

    @Test
    void anEnvironmentFileNamedByDrkitConfigConfiguresEveryCommandAndTheRealEnvironmentWins() throws IOException {
        Path env = dir.resolve("drkit.env");
        Files.writeString(env, """
                # settings for the drkit user
                export DRKIT_SCHEDULES_DRILL="0 7 * * 1"
                DRKIT_SCHEDULES_PRUNE=
                DRKIT_SCHEDULES_VERIFY='15 2 * * *'
                """);
        DrkitProcess.Result r = DrkitProcess.run(Map.of("DRKIT_CONFIG", env.toString(), "DRKIT_SCHEDULES_VERIFY", "45 3 * * *"),
                dir, "schedule", "print", "--format", "cron");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("0 7 * * 1 flock -n /run/lock/drkit-drill.lock")
                .as("the environment wins over the file").contains("45 3 * * * flock -n /run/lock/drkit-verify.lock")
                .as("emptied by the file").doesNotContain("drkit-prune")
                .as("and passed on to every job").contains("exec /usr/bin/drkit --config " + env + " drill --point random");

        DrkitProcess.Result viaOption = DrkitProcess.run(Map.of(), dir, "--config", env.toString(), "schedule", "print",
                "--format", "cron");
        assertThat(viaOption.stdout()).contains("0 7 * * 1 flock -n /run/lock/drkit-drill.lock");
    }

    @Test
    void aMissingOrMalformedConfigurationFileIsAUsageErrorNamingIt() throws IOException {
        DrkitProcess.Result missing = DrkitProcess.run(Map.of("DRKIT_CONFIG", "/nonexistent/drkit.yml"), dir, "list");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("DRKIT_CONFIG=/nonexistent/drkit.yml: no such file");

        Path env = dir.resolve("broken.env");
        Files.writeString(env, "DRKIT_REPOSITORY=file:///tmp/x\nthis is not a setting\n");
        DrkitProcess.Result malformed = DrkitProcess.run(Map.of(), dir, "--config", env.toString(), "list");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.stderr()).contains(env + " line 2 is not NAME=value");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

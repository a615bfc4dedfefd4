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

/**
 * The files in the repository's {@code schedules/} are what {@code drkit schedule print} renders from
 * the default configuration: change the defaults or the renderers and this fails until they are
 * rendered again ({@code ./drkit schedule print --format F --output schedules/F}).
 */
class ScheduleFilesTest {

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
    void anInvalidExpressionStopsEveryCommandAtStartUpNamingTheKey() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of("DRKIT_SCHEDULES_FULL_BACKUP", "0 1 * *"), dir, "list");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("drkit.schedules.full-backup: '0 1 * *' has 4 fields");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

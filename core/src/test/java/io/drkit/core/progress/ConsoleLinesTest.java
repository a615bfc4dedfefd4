package io.drkit.core.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** What cron's log file and a terminal show of drkit's stderr. */
class ConsoleLinesTest {

    private static final Clock AT = Clock.fixed(Instant.parse("2026-11-27T01:00:05Z"), ZoneOffset.UTC);

    @Test
    void everyLineInALogFileStartsWithItsTimeToTheMillisecond() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ConsoleLines(file, false, AT), true, StandardCharsets.UTF_8);

        err.print("backup: public.parcel ");
        err.println("done");
        err.print("two\nlines\n");
        err.println("drkit: the repository cannot be reached");
        err.println("{\"@timestamp\":\"2026-11-27T01:00:05.001Z\",\"log.level\":\"WARN\"}");

        assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo("""
                2026-11-27T01:00:05.000Z backup: public.parcel done
                2026-11-27T01:00:05.000Z two
                2026-11-27T01:00:05.000Z lines
                2026-11-27T01:00:05.000Z drkit: the repository cannot be reached
                {"@timestamp":"2026-11-27T01:00:05.001Z","log.level":"WARN"}
                """);
    }

    @Test
    void onATerminalALogLineClearsTheBarFirstAndTheBarIsLeftAlone() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ConsoleLines(screen, true, AT), true, StandardCharsets.UTF_8);

        err.print("\rbackup 42% [=====     ]");
        err.println("backup: public.parcel done");
        err.print("\rbackup 57% [======    ]");

        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\rbackup 42% [=====     ]\r\033[2Kbackup: public.parcel done\n\rbackup 57% [======    ]");
    }

    @Test
    void aFinishedTasksLastLineSaysAllOfItWasDoneThoughItsTotalWasAnEstimate() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Progress p = new ProgressReporter(ProgressReporter.Mode.LINES, new PrintStream(file, true, StandardCharsets.UTF_8))
                .start("backup", 1000, "rows", 1);
        p.advance(870);
        p.close();

        assertThat(file.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("backup: 870 rows (100%)");
    }
}

package io.drkit.core.progress;

import java.io.PrintStream;
import java.time.Duration;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Chooses how long work is shown: a live bar with rate and ETA on a terminal, periodic plain lines
 * when the output goes to a file or a pipe (cron mail, CI logs), nothing when the caller wants only
 * machine output. All of it goes to stderr so stdout stays clean for {@code --json}.
 */
public final class ProgressReporter {

    public enum Mode { TERMINAL, LINES, SILENT }

    private final Mode mode;
    private final PrintStream out;

    public ProgressReporter(Mode mode, PrintStream out) {
        this.mode = mode;
        this.out = out;
    }

    /** Terminal bar when stderr is a terminal, lines otherwise, silent when {@code quiet}. */
    public static ProgressReporter forConsole(boolean quiet) {
        if (quiet) {
            return new ProgressReporter(Mode.SILENT, System.err);
        }
        return new ProgressReporter(System.console() != null ? Mode.TERMINAL : Mode.LINES, System.err);
    }

    public Mode mode() {
        return mode;
    }

    /**
     * @param total expected units, or -1 when unknown
     * @param unit display name of the unit ("MiB", "events")
     * @param unitSize how many counted units make one displayed unit (1 MiB = 1048576 bytes)
     */
    public Progress start(String task, long total, String unit, long unitSize) {
        return switch (mode) {
            case SILENT -> Progress.NONE;
            case LINES -> new LineProgress(out, task, total, unit, unitSize, Duration.ofSeconds(10));
            case TERMINAL -> new BarProgress(new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit(" " + unit, unitSize)
                    .showSpeed()
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .setUpdateIntervalMillis(250)
                    .build());
        };
    }
}

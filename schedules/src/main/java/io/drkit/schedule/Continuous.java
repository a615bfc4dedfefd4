package io.drkit.schedule;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental backups rendered as one long-running {@code backup --incremental --continuous} for
 * systemd and Kubernetes: the JVM starts once instead of every interval. The interval a point is
 * closed at is the shortest gap between the schedule's fire times; cron keeps one run per fire time.
 */
final class Continuous {

    /**
     * The gaps are read from a fixed week, not from now, so that a rendering is the same on every run;
     * a Monday, so that weekday ranges are in it.
     */
    private static final LocalDateTime WEEK = LocalDateTime.of(2026, 1, 5, 0, 0);
    private static final int FIRE_TIMES = 400;

    private Continuous() {}

    static boolean runs(CronSchedule s) {
        return s.job() == ScheduledJob.INCREMENTAL_BACKUP;
    }

    static List<String> arguments(CronSchedule s, List<String> once) {
        List<String> args = new ArrayList<>(once);
        args.addAll(List.of("--continuous", "--flush", flush(s)));
        return args;
    }

    /** The shortest gap between fire times, as {@code --flush} takes it: {@code 15m}, {@code 2h}, {@code 90s}. */
    static String flush(CronSchedule s) {
        Duration shortest = null;
        LocalDateTime t = s.spring().next(WEEK);
        for (int i = 0; i < FIRE_TIMES && t != null; i++) {
            LocalDateTime next = s.spring().next(t);
            if (next == null) {
                break;
            }
            Duration gap = Duration.between(t, next);
            shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
            t = next;
        }
        long seconds = shortest == null ? 900 : shortest.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}

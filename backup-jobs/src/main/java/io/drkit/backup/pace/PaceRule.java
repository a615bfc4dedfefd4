package io.drkit.backup.pace;

import org.jspecify.annotations.Nullable;

/**
 * The guard's rule, as TCP paces a connection: halve the read rate while the source answers late
 * (over four times its own answer time before the backup, and over five milliseconds more), raise it
 * by a quarter after a run of answers as before, and stop pacing once it is back where it started.
 * A backup's two streams on a two-core host add a millisecond or two to every answer without the
 * application's lookups noticing; judged at twice and two milliseconds, the guard halved backups on
 * that noise (a quarter to half again of their time) for no measurable gain in the lookups' p99.
 */
final class PaceRule {

    static final int HEALTHY_BEFORE_RAISE = 4;
    static final double LATE_FACTOR = 4;
    static final double LATE_MARGIN_MILLIS = 5;

    private PaceRule() {}

    /** What to do with the pace: keep it, slow it to {@code bytesPerSecond}, or release it. */
    record Step(Kind kind, double bytesPerSecond, int healthy) {
        enum Kind { KEEP, SLOW, RELEASE }
    }

    /**
     * @param rate the pace now, or null while unpaced
     * @param observed bytes per second the workers read since the last judgement
     * @param peak the most bytes per second the workers have read in this run
     * @param ceiling {@code drkit.backup.max-rate}, or null
     * @param healthy judgements in a row that found the source answering as before
     */
    static Step next(double recentMillis, double baselineMillis, @Nullable Double rate, double observed, double peak,
            @Nullable Double ceiling, int healthy) {
        if (late(recentMillis, baselineMillis)) {
            if (rate == null && peak < 2 * SourcePace.FLOOR_BYTES_PER_SECOND) {
                // nothing read yet (the parts' queries are still starting): no reading to halve, and halving
                // none left the backup at the floor, 1 MiB/s, for the seconds the raises take to climb back
                return new Step(Step.Kind.KEEP, 0, 0);
            }
            // what the workers read in the last quarter second dips near zero between parts; halving
            // that throttled a backup to 1 MiB/s on one late answer, so a dip counts as half the peak
            double reading = Math.max(observed, peak / 2);
            double from = rate == null ? reading : Math.min(rate, Math.max(reading, SourcePace.FLOOR_BYTES_PER_SECOND));
            return new Step(Step.Kind.SLOW, from / 2, 0);
        }
        if (rate == null || healthy + 1 < HEALTHY_BEFORE_RAISE) {
            return new Step(Step.Kind.KEEP, rate == null ? 0 : rate, rate == null ? 0 : healthy + 1);
        }
        double raised = rate * 1.25;
        boolean back = ceiling != null ? raised >= ceiling : raised >= peak * 1.5;
        return back ? new Step(Step.Kind.RELEASE, ceiling == null ? 0 : ceiling, 0) : new Step(Step.Kind.SLOW, raised, 0);
    }

    static boolean late(double recentMillis, double baselineMillis) {
        return recentMillis > Math.max(LATE_FACTOR * baselineMillis, baselineMillis + LATE_MARGIN_MILLIS);
    }
}

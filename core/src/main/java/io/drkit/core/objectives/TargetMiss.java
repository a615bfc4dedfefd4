package io.drkit.core.objectives;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A measured figure that exceeded its target.
 *
 * @param figure what was measured, in words ("RTO", "RPO at the declaration", ...)
 * @param measuredMillis the figure; null when it could not be measured at all (no point exists)
 * @param targetMillis the configured target
 * @param overByMillis by how much the target was missed; null when there was nothing to measure
 */
public record TargetMiss(String figure, Long measuredMillis, long targetMillis, Long overByMillis) {

    @Override
    public String toString() {
        return measuredMillis == null
                ? figure + " cannot be measured (no recovery point exists); target " + Durations.human(targetMillis)
                : figure + " " + Durations.human(measuredMillis) + " missed its target of " + Durations.human(targetMillis)
                        + " by " + Durations.human(overByMillis());
    }

    /** Compares figures with targets, collecting the misses in order. */
    public static final class Judge {

        private final List<TargetMiss> misses = new ArrayList<>();

        /** A null figure could not be measured, which misses any target. */
        public Judge check(String figure, Duration measured, Duration target) {
            if (measured == null || measured.compareTo(target) > 0) {
                Long ms = measured == null ? null : measured.toMillis();
                misses.add(new TargetMiss(figure, ms, target.toMillis(), ms == null ? null : ms - target.toMillis()));
            }
            return this;
        }

        public List<TargetMiss> misses() {
            return List.copyOf(misses);
        }
    }
}

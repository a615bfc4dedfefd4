package io.drkit.core.objectives;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RPO arithmetic of DESIGN.md: the RPO at a moment is that moment minus the time of the newest
 * recovery point taken before it; the worst RPO over a window is the largest gap between
 * consecutive points in it, the gap from the newest point to now included.
 */
public final class RecoveryObjectives {

    private RecoveryObjectives() {}

    /** @return the RPO at {@code at}, or null when no point is older than {@code at} */
    public static Duration rpoAt(Instant at, List<Instant> pointTimes) {
        return pointTimes.stream().filter(t -> !t.isAfter(at)).max(Comparator.naturalOrder())
                .map(newest -> Duration.between(newest, at)).orElse(null);
    }

    /**
     * The largest gap during which losing the database would have lost more than any other moment of
     * the window ({@code now - window} to {@code now}). A gap counts when it ends inside the window;
     * the one that is still open (newest point to now) always counts.
     *
     * @return null when there is no point at all before {@code now}
     */
    public static Gap worstRpo(List<Instant> pointTimes, Instant now, Duration window) {
        List<Instant> sorted = new ArrayList<>(pointTimes.stream().filter(t -> !t.isAfter(now)).sorted().toList());
        if (sorted.isEmpty()) {
            return null;
        }
        Instant windowStart = now.minus(window);
        Gap worst = new Gap(sorted.get(sorted.size() - 1), now);
        for (int i = 1; i < sorted.size(); i++) {
            Gap gap = new Gap(sorted.get(i - 1), sorted.get(i));
            if (gap.to().isAfter(windowStart) && gap.length().compareTo(worst.length()) > 0) {
                worst = gap;
            }
        }
        return worst;
    }

    /** The time between two consecutive points (or the newest point and now). */
    public record Gap(Instant from, Instant to) {

        public Duration length() {
            return Duration.between(from, to);
        }
    }
}

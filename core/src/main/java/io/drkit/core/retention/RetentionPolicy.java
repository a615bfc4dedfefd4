package io.drkit.core.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.drkit.core.manifest.PointId;

/**
 * Grandfather-father-son retention: the last N points, the newest point of each of the last D days
 * that have one, of each of the last W ISO weeks and of the last M months (UTC), plus whatever must
 * stay whatever the rules say (the newest verified point, points under Object Lock). Everything
 * else goes.
 *
 * @param last points kept regardless of age
 * @param daily days (that have points) whose newest point is kept
 * @param weekly ISO weeks likewise
 * @param monthly months likewise
 */
public record RetentionPolicy(int last, int daily, int weekly, int monthly) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    /**
     * A point as retention sees it.
     *
     * @param parent the point an incremental point stands on; null for a full point
     * @param digests false for an incremental point without content digests, which a later point proves
     */
    public record Point(PointId id, Instant time, PointId parent, boolean digests) {

        public Point(PointId id, Instant time, PointId parent) {
            this(id, time, parent, true);
        }

        public Point(PointId id, Instant time) {
            this(id, time, null);
        }
    }

    /**
     * @param keep whether it stays
     * @param reasons why it stays (the rules that keep it), or why it goes
     */
    public record Decision(Point point, boolean keep, List<String> reasons) {}

    /**
     * @param protectedPoints points that stay whatever the rules say, with why
     * @return one decision per point, newest first
     */
    public List<Decision> apply(List<Point> points, Map<PointId, String> protectedPoints) {
        List<Point> newestFirst = new ArrayList<>(points);
        newestFirst.sort(Comparator.comparing(Point::time).reversed());
        Map<PointId, List<String>> kept = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(last, newestFirst.size()); i++) {
            reason(kept, newestFirst.get(i), "one of the last " + last);
        }
        newestOfEach(newestFirst, daily, t -> DAY.format(utc(t)), "newest of day ", kept);
        newestOfEach(newestFirst, weekly, t -> utc(t).get(IsoFields.WEEK_BASED_YEAR) + "-W"
                + String.format("%02d", utc(t).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), "newest of week ", kept);
        newestOfEach(newestFirst, monthly, t -> MONTH.format(utc(t)), "newest of month ", kept);
        protectedPoints.forEach((id, why) -> newestFirst.stream().filter(p -> p.id().equals(id)).findFirst()
                .ifPresent(p -> reason(kept, p, why)));
        keepProvingPoints(newestFirst, kept);
        keepChains(newestFirst, kept);
        List<Decision> decisions = new ArrayList<>();
        for (Point p : newestFirst) {
            decisions.add(kept.containsKey(p.id()) ? new Decision(p, true, kept.get(p.id()))
                    : new Decision(p, false, List.of("beyond the last " + last + ", and not the newest of one of the last "
                            + daily + " days, " + weekly + " weeks or " + monthly + " months with points")));
        }
        return decisions;
    }

    /**
     * A kept point without digests is proven by the nearest later point of its chain that has them:
     * that one stays too (and with it, by {@link #keepChains}, every point between them).
     */
    private static void keepProvingPoints(List<Point> newestFirst, Map<PointId, List<String>> kept) {
        Map<PointId, Point> firstChild = new LinkedHashMap<>();
        // oldest first, so that each parent maps to its earliest child
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Point p = newestFirst.get(i);
            if (p.parent() != null) {
                firstChild.putIfAbsent(p.parent(), p);
            }
        }
        for (Point p : newestFirst) {
            if (p.digests() || !kept.containsKey(p.id())) {
                continue;
            }
            Point at = firstChild.get(p.id());
            while (at != null && !at.digests()) {
                at = firstChild.get(at.id());
            }
            if (at != null) {
                reason(kept, at, "proves the content of point " + p.id());
            }
        }
    }

    /** A kept incremental point needs every point under it, down to its full point. */
    private static void keepChains(List<Point> points, Map<PointId, List<String>> kept) {
        Map<PointId, Point> byId = new LinkedHashMap<>();
        points.forEach(p -> byId.put(p.id(), p));
        for (PointId id : List.copyOf(kept.keySet())) {
            Point p = byId.get(id);
            while (p != null && p.parent() != null) {
                Point parent = byId.get(p.parent());
                List<String> reasons = kept.get(p.parent());
                if (parent == null || (reasons != null && reasons.stream().anyMatch(r -> r.endsWith(" stands on it")))) {
                    break;
                }
                reason(kept, parent, "point " + id + " stands on it");
                p = parent;
            }
        }
    }

    /** The newest point of each of the first {@code count} periods, newest period first. */
    private static void newestOfEach(List<Point> newestFirst, int count, Function<Instant, String> period, String label,
            Map<PointId, List<String>> kept) {
        Set<String> seen = new LinkedHashSet<>();
        for (Point p : newestFirst) {
            String key = period.apply(p.time());
            if (seen.contains(key)) {
                continue;
            }
            if (seen.size() == count) {
                return;
            }
            seen.add(key);
            reason(kept, p, label + key);
        }
    }

    private static void reason(Map<PointId, List<String>> kept, Point p, String why) {
        kept.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(why);
    }

    private static ZonedDateTime utc(Instant t) {
        return t.atZone(ZoneOffset.UTC);
    }
}

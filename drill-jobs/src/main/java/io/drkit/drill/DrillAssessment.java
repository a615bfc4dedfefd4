package io.drkit.drill;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.objectives.RecoveryObjectives;
import io.drkit.core.objectives.RecoveryObjectives.Gap;
import io.drkit.report.VerifiedPoints.VerifiedPoint;

/**
 * What is known at the declaration, before anything is restored: the point the drill takes and the
 * RPO figures.
 *
 * @param point the point to restore
 * @param choice {@code newest}, {@code named} or {@code random}
 * @param newest the newest complete point at the declaration
 * @param rpo the declaration minus the newest point's time
 * @param verified the newest point a restore had proved whole before the declaration, if any
 * @param rpoVerified the declaration minus that point's time, or null
 * @param worst the largest gap between points over the window, the gap to the declaration included
 * @param history how much of the window the points cover: from the oldest point in it (or the window's
 *     start) to the declaration, so that a worst RPO is never claimed over history the repository lacks
 */
public record DrillAssessment(Manifest point, String choice, Manifest newest, Duration rpo, Optional<VerifiedPoint> verified,
        Duration rpoVerified, Gap worst, Duration history) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param points the repository's complete points, newest first
     * @param retained the ids of those the retention policy keeps: a random drill picks among them all,
     *        old ones included, since old points rot too
     */
    static DrillAssessment at(Instant declaredAt, DrillRequest asked, List<Manifest> points, Set<PointId> retained,
            Duration window, Optional<VerifiedPoint> verified, String repository) {
        if (points.isEmpty()) {
            throw DrkitException.usage("the repository " + repository + " holds no complete point: there is nothing "
                    + "to drill (take one with drkit backup)");
        }
        Manifest point;
        String choice;
        if (asked.point() == null && !asked.random()) {
            point = points.get(0);
            choice = "newest";
        } else if (asked.random()) {
            List<Manifest> kept = points.stream().filter(p -> retained.contains(p.pointId())).toList();
            if (kept.isEmpty()) {
                throw DrkitException.usage("the retention policy (drkit.retention.*) keeps no point of " + repository
                        + " to pick from");
            }
            point = kept.get(RANDOM.nextInt(kept.size()));
            choice = "random";
        } else {
            PointId id = asked.point();
            point = points.stream().filter(p -> p.pointId().equals(id)).findFirst().orElseThrow(() ->
                    DrkitException.usage("no complete point " + id + " in " + repository + " (see drkit list)"));
            choice = "named";
        }
        List<Instant> times = points.stream().map(Manifest::time).toList();
        return new DrillAssessment(point, choice, points.get(0), RecoveryObjectives.rpoAt(declaredAt, times), verified,
                verified.map(v -> Duration.between(v.pointTime(), declaredAt)).orElse(null),
                RecoveryObjectives.worstRpo(times, declaredAt, window), history(times, declaredAt, window));
    }

    private static Duration history(List<Instant> times, Instant declaredAt, Duration window) {
        Instant oldest = times.stream().min(Instant::compareTo).orElse(declaredAt);
        Instant from = oldest.isBefore(declaredAt.minus(window)) ? declaredAt.minus(window) : oldest;
        return Duration.between(from, declaredAt);
    }
}

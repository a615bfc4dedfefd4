package io.drkit.status;

import java.time.Instant;
import java.util.List;

import io.drkit.drill.DrillHistory.PastDrill;
import io.drkit.core.manifest.PointId;

/**
 * What {@code drkit status} tells a monitoring system.
 *
 * @param rpoMet whether the RPO is within its target (false when there is no point)
 * @param rpoMillis now minus the newest point's time; null when the repository holds no point
 * @param rpoVerifiedMillis now minus the time of the newest point a restore proved whole; null when none was
 * @param worstRpoMillis the largest gap between points over the window, the gap to now included
 * @param jobs the last success and failure of each job
 * @param lastDrill the newest drill, or null
 * @param slot the replication slot of the newest point's chain, or null when the newest point has none
 * @param leftovers the repository's replication slots (and publication) on the source that no chain uses any more:
 *     each keeps WAL (or rows' change tracking) for nothing, so each is an alert until it is dropped; empty when
 *     there are none or the source could not be asked
 * @param rtoServingTargetMillis the RTO to serving target ({@code drkit.targets.rto-serving}); the last drill's
 *     RTO to serving is in {@code lastDrill} (null there for a point without tiers)
 */
public record Status(String repository, Instant at, boolean rpoMet, Long rpoMillis, long rpoTargetMillis, PointId newestPointId,
        Instant newestPointTime, Long rpoVerifiedMillis, PointId verifiedPointId, Instant verifiedPointTime,
        Long worstRpoMillis, long windowMillis, List<JobRuns> jobs, PastDrill lastDrill, long rtoTargetMillis, Slot slot,
        List<Slot> leftovers, long rtoServingTargetMillis) {

    /**
     * @param level {@code OK}, {@code WARNING} or {@code ALERT} (see drkit.incremental.slot-warning / slot-alert);
     *     {@code UNKNOWN} when the source could not be asked
     * @param retainedBytes WAL the slot holds back on the source; null when unknown or when the slot is gone
     * @param message for people
     */
    public record Slot(String name, String level, Long retainedBytes, String message) {}

    /** @param lastSuccess null when the job never succeeded */
    public record JobRuns(String job, Instant lastSuccess, Instant lastFailure) {}
}

package io.drkit.cli.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.drkit.cli.json.JsonDocuments;
import io.drkit.drill.DrillHistory.PastDrill;
import io.drkit.core.manifest.PointId;
import io.drkit.standby.StandbyCatalog;
import io.drkit.status.Status;

/**
 * What a monitoring system reads from {@code status --json}: the components in the order of the document.
 *
 * @param rpoSeconds now minus the newest point's time; null when the repository holds no point
 * @param rpoVerifiedSeconds now minus the time of the newest point a restore proved whole; null when none was
 * @param worstRpoSeconds the largest gap between points over the window, the gap to now included
 * @param slot the replication slot of the newest point's chain, or null when the newest point has none
 * @param leftoverSlots the repository's replication slots (and publication) on the source that no chain uses any
 *     more: each is an alert until it is dropped
 * @param standbys the repository's standbys (drkit standby), as the catalog has them
 */
public record StatusDocument(String repository, Instant at, boolean rpoMet, Duration rpoSeconds,
        Duration rpoTargetSeconds, PointId newestPointId, Instant newestPointTime, Duration rpoVerifiedSeconds,
        PointId verifiedPointId, Instant verifiedPointTime, Duration worstRpoSeconds, Duration windowSeconds,
        List<Status.JobRuns> jobs, LastDrill lastDrill, Duration rtoTargetSeconds, Duration rtoServingTargetSeconds,
        Slot slot, List<Slot> leftoverSlots, List<StandbyView> standbys) {

    /**
     * @param targetsMissed each target the drill missed, one line each; empty when it met them all
     * @param rtoServingSeconds the RTO to serving; null for a point without tiers (it had no serving moment)
     */
    public record LastDrill(Instant declaredAt, PointId pointId, String verdict, Duration rtoSeconds,
            Duration rpoSeconds, List<String> targetsMissed, String reportId, Duration rtoServingSeconds) {

        static LastDrill of(PastDrill d) {
            return d == null ? null : new LastDrill(d.declaredAt(), d.pointId(), d.verdict(),
                    JsonDocuments.millis(d.rtoMillis()), JsonDocuments.millis(d.rpoMillis()),
                    d.targetsMissed() == null || d.targetsMissed().isBlank() ? List.of()
                            : Arrays.asList(d.targetsMissed().split("; ")),
                    d.reportId(), JsonDocuments.millis(d.rtoServingMillis()));
        }
    }

    /**
     * @param level {@code ok}, {@code warning} or {@code alert} (drkit.incremental.slot-warning / slot-alert);
     *     {@code unknown} when the source could not be asked
     * @param retainedBytes WAL the slot holds back on the source; null when unknown or when the slot is gone
     */
    public record Slot(String name, String level, Long retainedBytes, String message) {

        static Slot of(Status.Slot s) {
            return s == null ? null : new Slot(s.name(), s.level().toLowerCase(Locale.ROOT), s.retainedBytes(), s.message());
        }
    }

    /**
     * @param targetUrl the standby database's URL, without secrets
     * @param state {@code following}, {@code stopped}, {@code failed} or {@code promoted}
     * @param lagSeconds how far its point is behind the newest point; null before its first point
     * @param rpoSeconds how far its point is behind now: the RPO a failover would have; null before its first point
     * @param problems why it stopped following, when it failed (one line); empty otherwise
     */
    public record StandbyView(String targetUrl, String state, PointId pointId, Instant pointTime, Instant provenAt,
            Duration lagSeconds, Duration rpoSeconds, List<String> problems, Instant promotedAt) {

        static StandbyView of(StandbyCatalog.Standby b, Status s) {
            return new StandbyView(b.target(), b.state().name().toLowerCase(Locale.ROOT), b.pointId(), b.pointTime(),
                    b.provenAt(), StandbyLines.behind(s.newestPointTime(), b.pointTime()),
                    StandbyLines.behind(s.at(), b.pointTime()), b.problem() == null ? List.of() : List.of(b.problem()),
                    b.promotedAt());
        }
    }

    static StatusDocument of(Status s, List<StandbyCatalog.Standby> standbys) {
        return new StatusDocument(s.repository(), s.at(), s.rpoMet(), JsonDocuments.millis(s.rpoMillis()),
                Duration.ofMillis(s.rpoTargetMillis()), s.newestPointId(), s.newestPointTime(),
                JsonDocuments.millis(s.rpoVerifiedMillis()), s.verifiedPointId(), s.verifiedPointTime(),
                JsonDocuments.millis(s.worstRpoMillis()), Duration.ofMillis(s.windowMillis()), s.jobs(),
                LastDrill.of(s.lastDrill()), Duration.ofMillis(s.rtoTargetMillis()),
                Duration.ofMillis(s.rtoServingTargetMillis()), Slot.of(s.slot()),
                s.leftovers().stream().map(Slot::of).toList(), standbys.stream().map(b -> StandbyView.of(b, s)).toList());
    }
}

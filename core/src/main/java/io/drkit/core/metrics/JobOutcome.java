package io.drkit.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job's run went out as: its name (as the schedules name it), the figures that become metrics
 * (bytes read and stored, rows, RPO, RTO, verification failures) and the labels alerts carry. A job
 * command builds it as it learns the figures and hands it to the code that publishes metrics and alerts.
 *
 * @param job the job's name, a {@link JobName}'s key
 * @param labels what the run was about, for alerts: {@code point}, {@code verdict}, {@code report}; names and ids only
 */
public record JobOutcome(String job, Map<Figure, Double> figures, Map<String, String> labels) {

    /** What a job can report, with the metric each becomes (a gauge labelled with the job). */
    public enum Figure {
        BYTES_READ("drkit_read_bytes", "bytes the last run read (from the source database, or from the repository)"),
        BYTES_STORED("drkit_stored_bytes", "bytes the last run stored in the repository"),
        ROWS("drkit_rows", "rows the last run backed up, restored or verified"),
        VERIFICATION_FAILURES("drkit_verification_failures", "problems the last verification found (0 when whole)"),
        RPO("drkit_rpo_seconds", "RPO: the run's time minus the newest recovery point's"),
        RPO_VERIFIED("drkit_rpo_verified_seconds", "the run's time minus the newest point a restore proved whole"),
        WORST_RPO("drkit_worst_rpo_seconds", "the largest gap between recovery points over the window"),
        RTO("drkit_rto_seconds", "RTO of the last drill: its declaration to a restored and verified database"),
        RTO_SERVING("drkit_drill_rto_serving_seconds", "RTO to serving of the last drill: its declaration to the hot"
                + " tier restored, indexed and proven (absent for a point without tiers)"),
        RTO_SERVING_TARGET("drkit_drill_rto_serving_target_seconds", "the configured RTO to serving target"),
        SERVING_FAILURES("drkit_drill_serving_failures", "lookups and scans that failed on the restored database while"
                + " its history loaded (drill --with-traffic; 0 is the goal)"),
        RPO_TARGET("drkit_rpo_target_seconds", "the configured RPO target"),
        RTO_TARGET("drkit_rto_target_seconds", "the configured RTO target"),
        SLOT_RETAINED("drkit_replication_slot_retained_bytes",
                "WAL the incremental chain's replication slot holds back on the source, after the last incremental"),
        STANDBY_LAG("drkit_standby_lag_seconds", "how far the standby is behind the newest recovery point"),
        STANDBY_LAST_PROVEN("drkit_standby_last_proven_timestamp_seconds",
                "when the standby last proved a point it applied (Unix time)");

        final String metric;
        final String help;

        Figure(String metric, String help) {
            this.metric = metric;
            this.help = help;
        }
    }

    public JobOutcome {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** A run of {@code job} that has learnt nothing yet: a failure before any figure still goes out. */
    public static JobOutcome of(JobName job) {
        return new JobOutcome(job.key(), Map.of(), Map.of());
    }

    /** This outcome with {@code figure} set (a later value replaces an earlier one). */
    public JobOutcome with(Figure figure, double value) {
        Map<Figure, Double> more = new LinkedHashMap<>(figures);
        more.put(figure, value);
        return new JobOutcome(job, more, labels);
    }

    /** This outcome with the label set; a null value leaves it as it was. */
    public JobOutcome label(String name, String value) {
        if (value == null) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(name, value);
        return new JobOutcome(job, figures, more);
    }
}

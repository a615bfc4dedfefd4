package io.drkit.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The figures of this run that go out as metrics (bytes read and stored, rows, RPO, RTO, verification
 * failures) and the labels alerts carry, set by the command as it learns them. One run per process.
 */
@Component
public class RunFigures {

    private final Map<Figure, Double> values = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();

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
        RPO_TARGET("drkit_rpo_target_seconds", "the configured RPO target"),
        RTO_TARGET("drkit_rto_target_seconds", "the configured RTO target"),
        SLOT_RETAINED("drkit_replication_slot_retained_bytes",
                "WAL the incremental chain's replication slot holds back on the source, after the last incremental");

        final String metric;
        final String help;

        Figure(String metric, String help) {
            this.metric = metric;
            this.help = help;
        }
    }

    public synchronized RunFigures set(Figure figure, double value) {
        values.put(figure, value);
        return this;
    }

    synchronized Map<Figure, Double> values() {
        return new LinkedHashMap<>(values);
    }

    /** What the run was about, for alerts: {@code point}, {@code verdict}, {@code report}. Names and ids only. */
    public synchronized RunFigures label(String name, String value) {
        if (value != null) {
            labels.put(name, value);
        }
        return this;
    }

    public synchronized Map<String, String> labels() {
        return new LinkedHashMap<>(labels);
    }
}

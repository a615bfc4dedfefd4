package io.drkit.backup.incremental;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import io.drkit.core.alert.AlertPublisher;
import io.drkit.core.batch.StopSignal;
import io.drkit.core.changes.SlotRetention;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.JobOutcome.Figure;
import io.drkit.core.metrics.MetricsPublisher;
import io.drkit.core.progress.ProgressReporter;

/**
 * Incremental backups as the command takes them: one point, with the chain's slot judged afterwards
 * (said when it holds back too much of the source's WAL, alerted when it must be), or with
 * {@code --continuous} one point every flush interval until the process is stopped.
 */
@Service
public class IncrementalBackups {

    /** The job's name in metrics, alerts and the schedules. */
    public static final JobName JOB = JobName.INCREMENTAL_BACKUP;

    private final IncrementalBackupService service;
    private final RuntimeSettings settings;
    private final AlertPublisher alerts;
    private final MetricsPublisher metrics;

    public IncrementalBackups(IncrementalBackupService service, RuntimeSettings settings, AlertPublisher alerts,
            MetricsPublisher metrics) {
        this.service = service;
        this.settings = settings;
        this.alerts = alerts;
        this.metrics = metrics;
    }

    /** A point taken, with what goes out as its metrics and alerts. */
    public record Taken(IncrementalResult result, JobOutcome outcome) {}

    /**
     * One point; a slot that holds back too much WAL is said on {@code log}, and alerted past its alert size.
     *
     * @param digests {@code --digests}: the point records content digests whatever {@code drkit.incremental.digests} says
     */
    public Taken once(ProgressReporter reporter, boolean digests, Consumer<String> log) {
        IncrementalResult r = service.incremental(reporter, digests, log);
        JobOutcome outcome = outcome(r);
        DrkitProperties.Incremental cfg = settings.incremental();
        SlotRetention retention = r.slot() == null ? SlotRetention.OK : SlotRetention.of(r.slot(), cfg);
        if (retention != SlotRetention.OK) {
            String line = SlotRetention.describe(r.slot(), cfg);
            System.err.println("drkit: " + line);
            if (retention == SlotRetention.ALERT) {
                alerts.condition(outcome, line, System.err::println);
            }
        }
        return new Taken(r, outcome);
    }

    /**
     * A point every flush interval until the process is stopped; a failed point fails the command.
     * The command never ends on its own, so each point's metrics go out as the point is taken.
     *
     * @param flush the interval, or null for the configured one ({@code drkit.incremental.flush})
     * @param digests {@code --digests}: every point of the run records content digests
     * @param each what the command does with each point (prints it), before its metrics go out
     */
    public void continuously(Duration flush, boolean digests, ProgressReporter reporter, Consumer<String> log,
            Consumer<Taken> each)
            throws InterruptedException {
        Duration every = flush != null ? flush : settings.incremental().flush();
        if (every.isNegative() || every.isZero()) {
            throw DrkitException.usage("--flush takes a positive duration, such as 10s");
        }
        while (true) {
            long started = System.nanoTime();
            Instant at = Instant.now();
            Taken taken = once(reporter, digests, log);
            each.accept(taken);
            metrics.publish(taken.outcome(), 0, at, System.err::println);
            long next = started + every.toNanos();
            while (System.nanoTime() < next) {
                if (StopSignal.requested()) {
                    return;
                }
                Thread.sleep(Math.min(200, Math.max(1, (next - System.nanoTime()) / 1_000_000)));
            }
        }
    }

    /** The point's figures: change rows, the bytes of the changes read, what was stored, the slot's backlog. */
    static JobOutcome outcome(IncrementalResult r) {
        Manifest m = r.manifest();
        JobOutcome outcome = JobOutcome.of(JOB).with(Figure.ROWS, r.changeRows()).with(Figure.BYTES_READ,
                m.changes().parts().stream().mapToLong(Manifest.ChangePart::copyBytes).sum())
                .with(Figure.BYTES_STORED, m.storedBytes()).label("point", m.pointId().value());
        return r.slot() == null ? outcome : outcome.with(Figure.SLOT_RETAINED, r.slot().retainedBytes());
    }
}

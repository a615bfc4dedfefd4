package io.drkit.cli.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.alert.AlertPublisher;
import io.drkit.backup.BackupResult;
import io.drkit.backup.BackupService;
import io.drkit.backup.incremental.IncrementalBackupService;
import io.drkit.backup.incremental.IncrementalResult;
import io.drkit.batch.StopSignal;
import io.drkit.changes.SlotRetention;
import io.drkit.cli.Output;
import io.drkit.config.DrkitProperties;
import io.drkit.config.RuntimeSettings;
import io.drkit.error.DrkitException;
import io.drkit.error.ExitCode;
import io.drkit.manifest.Manifest;
import io.drkit.metrics.MetricsPublisher;
import io.drkit.metrics.RunFigures;
import io.drkit.metrics.RunFigures.Figure;
import io.drkit.progress.Sizes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Take a recovery point of DRKIT_SOURCE_URL into DRKIT_REPOSITORY.",
            "A full point is one consistent snapshot of every table, checksummed, compressed and",
            "(with DRKIT_ENCRYPTION_KEY_FILE) encrypted; it exists once its manifest is written.",
            "An incremental point holds the transactions committed since the newest point; a restore",
            "applies it on top of its chain's full point."})
public class BackupCommand implements Callable<Integer> {

    @Mixin
    Output output;

    @ArgGroup(exclusive = true)
    Kind kind;

    static class Kind {
        @Option(names = "--full", description = "A full point (the default).")
        boolean full;

        @Option(names = "--incremental", description = {"The changes committed since the newest point, read from",
            "the chain's replication slot (DRKIT_INCREMENTAL_ENABLED=true, after a full point)."})
        boolean incremental;
    }

    @Option(names = "--continuous", description = {"With --incremental: keep running, closing a point every",
        "--flush interval, until stopped (SIGTERM; a point being taken is taken again by the next run)."})
    boolean continuous;

    @Option(names = "--flush", paramLabel = "DURATION", description = {"With --continuous: how often a point is closed",
        "(drkit.incremental.flush, default 1m), e.g. 10s."})
    java.time.Duration flush;

    /** Looked up when the command runs: the job machinery needs the catalog, which --help must not. */
    private final ObjectProvider<BackupService> service;
    private final ObjectProvider<IncrementalBackupService> incrementals;
    private final RunFigures figures;
    private final AlertPublisher alerts;
    private final MetricsPublisher metrics;
    private final RuntimeSettings settings;

    public BackupCommand(ObjectProvider<BackupService> service, ObjectProvider<IncrementalBackupService> incrementals,
            RunFigures figures, AlertPublisher alerts, MetricsPublisher metrics, RuntimeSettings settings) {
        this.service = service;
        this.incrementals = incrementals;
        this.figures = figures;
        this.alerts = alerts;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean incremental = kind != null && kind.incremental;
        if ((continuous || flush != null) && !incremental) {
            throw DrkitException.usage("--continuous and --flush go with --incremental");
        }
        if (flush != null && !continuous) {
            throw DrkitException.usage("--flush goes with --continuous");
        }
        if (incremental) {
            return continuous ? continuously() : incremental();
        }
        BackupResult r = service.getObject().full(output.progress(), line -> System.err.println(line));
        warnings(r.manifest()).forEach(w -> System.err.println("backup: warning: " + w));
        figures.set(Figure.ROWS, r.manifest().rows()).set(Figure.BYTES_READ, r.manifest().copyBytes())
                .set(Figure.BYTES_STORED, r.manifest().storedBytes()).label("point", r.manifest().pointId());
        output.result(BackupDocument.of(r), summary(r));
        return 0;
    }

    private int incremental() {
        IncrementalResult r = incrementals.getObject().incremental(output.progress(), line -> System.err.println(line));
        Manifest m = r.manifest();
        figures.set(Figure.ROWS, r.changeRows()).set(Figure.BYTES_READ, m.changes().parts().stream()
                .mapToLong(Manifest.ChangePart::copyBytes).sum()).set(Figure.BYTES_STORED, m.storedBytes())
                .label("point", m.pointId());
        DrkitProperties.Incremental cfg = settings.incremental();
        if (r.slot() != null) {
            figures.set(Figure.SLOT_RETAINED, r.slot().retainedBytes());
        }
        SlotRetention retention = r.slot() == null ? SlotRetention.OK : SlotRetention.of(r.slot(), cfg);
        if (retention != SlotRetention.OK) {
            String line = SlotRetention.describe(r.slot(), cfg);
            System.err.println("drkit: " + line);
            if (retention == SlotRetention.ALERT) {
                alerts.condition("incremental-backup", line, System.err::println);
            }
        }
        output.result(IncrementalDocument.of(r), IncrementalDocument.summary(r));
        return 0;
    }

    /**
     * A point every flush interval until the process is stopped; a failed point fails the command.
     * The command never ends on its own, so each point's metrics go out as the point is taken.
     */
    private int continuously() throws InterruptedException {
        java.time.Duration every = flush != null ? flush : settings.incremental().flush();
        if (every.isNegative() || every.isZero()) {
            throw DrkitException.usage("--flush takes a positive duration, such as 10s");
        }
        while (true) {
            long started = System.nanoTime();
            java.time.Instant at = java.time.Instant.now();
            incremental();
            metrics.publish("incremental-backup", 0, at, System.err::println);
            long next = started + every.toNanos();
            while (System.nanoTime() < next) {
                if (StopSignal.requested()) {
                    return ExitCode.OK.code();
                }
                Thread.sleep(Math.min(200, Math.max(1, (next - System.nanoTime()) / 1_000_000)));
            }
        }
    }

    /** What the point could not capture, and role password hashes stored without encryption. */
    static List<String> warnings(Manifest m) {
        List<String> warnings = new ArrayList<>(m.warningsOrNone());
        if (m.access() != null && m.access().rolePasswords() && m.codec().encryption() == null) {
            warnings.add("role password hashes are stored unencrypted in " + m.access().catalog().key()
                    + ": configure DRKIT_ENCRYPTION_KEY_FILE to encrypt them");
        }
        return warnings;
    }

    /** The summary line people read: bytes in, bytes stored, ratio, duration. */
    public static String summary(BackupResult r) {
        Manifest m = r.manifest();
        return String.format(Locale.ROOT,
                "point %s: %d tables, %d parts, %d rows; %s read, %s stored (%.1fx smaller) in %.1f s%s",
                m.pointId(), m.tables().size(), r.parts(), m.rows(), Sizes.human(m.copyBytes()),
                Sizes.human(m.storedBytes()), r.ratio(), r.duration().toMillis() / 1000.0,
                r.attempts() > 1 ? " (" + r.attempts() + " attempts, finished by restart)" : "");
    }
}

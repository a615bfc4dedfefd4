package io.drkit.cli.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.backup.BackupResult;
import io.drkit.backup.BackupService;
import io.drkit.backup.incremental.IncrementalBackups;
import io.drkit.cli.JobCommand;
import io.drkit.cli.Output;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.JobOutcome.Figure;
import io.drkit.core.progress.Sizes;
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
public class BackupCommand implements Callable<Integer>, JobCommand {

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

    @Option(names = "--digests", description = {"With --incremental: the point reads its changed tables whole for their",
        "content digests, whatever drkit.incremental.digests says (with --continuous, every point)."})
    boolean digests;

    @Option(names = "--flush", paramLabel = "DURATION", description = {"With --continuous: how often a point is closed",
        "(drkit.incremental.flush, default 1m), e.g. 10s."})
    java.time.Duration flush;

    /** Looked up when the command runs: the job machinery needs the catalog, which --help must not. */
    private final ObjectProvider<BackupService> service;
    private final ObjectProvider<IncrementalBackups> incrementals;
    private JobOutcome outcome;

    public BackupCommand(ObjectProvider<BackupService> service, ObjectProvider<IncrementalBackups> incrementals) {
        this.service = service;
        this.incrementals = incrementals;
    }

    @Override
    public JobOutcome outcome() {
        return outcome;
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean incremental = kind != null && kind.incremental;
        // an incremental backup is a job of its own: its metrics and alerts do not stand for the nightly full one's
        outcome = JobOutcome.of(incremental ? JobName.INCREMENTAL_BACKUP : JobName.FULL_BACKUP);
        if ((continuous || flush != null) && !incremental) {
            throw DrkitException.usage("--continuous and --flush go with --incremental");
        }
        if (digests && !incremental) {
            throw DrkitException.usage("--digests goes with --incremental (a full point always has digests)");
        }
        if (flush != null && !continuous) {
            throw DrkitException.usage("--flush goes with --continuous");
        }
        if (incremental) {
            if (continuous) {
                incrementals.getObject().continuously(flush, digests, output.progress(), System.err::println, this::print);
            } else {
                print(incrementals.getObject().once(output.progress(), digests, System.err::println));
            }
            return ExitCode.OK.code();
        }
        BackupResult r = service.getObject().full(output.progress(), line -> System.err.println(line));
        warnings(r.manifest()).forEach(w -> System.err.println("backup: warning: " + w));
        outcome = outcome.with(Figure.ROWS, r.manifest().rows()).with(Figure.BYTES_READ, r.manifest().copyBytes())
                .with(Figure.BYTES_STORED, r.manifest().storedBytes()).label("point", r.manifest().pointId().value());
        output.result(BackupDocument.of(r), summary(r));
        return 0;
    }

    private void print(IncrementalBackups.Taken taken) {
        outcome = taken.outcome();
        output.result(IncrementalDocument.of(taken.result()), IncrementalDocument.summary(taken.result()));
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

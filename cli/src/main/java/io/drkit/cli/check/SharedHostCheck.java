package io.drkit.cli.check;

import io.drkit.backup.pace.SharedHost;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.pg.JdbcUrl;

/** Says whether drkit shares the database's host, and what that costs the database while a backup runs. */
final class SharedHostCheck {

    private SharedHostCheck() {}

    static Finding run(JdbcUrl source, DrkitProperties.Backup backup) {
        String pace = backup.maxRate() == null ? "no cap on its read rate (drkit.backup.max-rate)"
                : "reading at most " + backup.maxRate().toMegabytes() + " MB/s (drkit.backup.max-rate)";
        String guard = backup.adaptive() ? "it slows its reading while the source answers late (drkit.backup.adaptive)"
                : "it does not slow down when the source answers late (drkit.backup.adaptive=false)";
        if (SharedHost.with(source)) {
            return Finding.ok(SourceCheck.TARGET, "host", "the source runs on this machine: a backup's compression,"
                    + " digests and encryption take cores the database needs too; drkit runs "
                    + (backup.nice() > 0 ? "at nice " + backup.nice() : "at normal priority") + " (drkit.backup.nice), "
                    + guard + ", " + pace);
        }
        return Finding.ok(SourceCheck.TARGET, "host", "the source runs on another machine (" + source.host()
                + "): drkit's own work does not take its cores; the source serves "
                + backup.effectiveParallelism() + " COPY streams during a backup (drkit.backup.parallelism); " + guard
                + ", " + pace);
    }
}

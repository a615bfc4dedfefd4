package io.drkit.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * drkit's configuration. The environment names of DESIGN.md ({@code DRKIT_SOURCE_URL} and friends) are
 * mapped onto these properties in the command line's {@code application.yml}.
 */
@ConfigurationProperties("drkit")
public record DrkitProperties(
        String sourceUrl,
        String repository,
        String s3Endpoint,
        String scratchUrl,
        String catalogUrl,
        Path encryptionKeyFile,
        @DefaultValue Targets targets,
        @DefaultValue Backup backup,
        @DefaultValue Restore restore,
        @DefaultValue Verify verify,
        @DefaultValue Reports reports,
        @DefaultValue ObjectLock objectLock,
        @DefaultValue Metrics metrics,
        @DefaultValue Alerts alerts,
        @DefaultValue Retention retention,
        @DefaultValue Daemon daemon,
        @DefaultValue Incremental incremental,
        Map<String, String> schedules) {

    /**
     * @param rpo the most data, in time, a disaster may cost
     * @param rto the longest a restore, verified, may take from the moment a disaster is declared
     * @param window how far back the worst RPO is looked for
     */
    public record Targets(@DefaultValue("15m") Duration rpo, @DefaultValue("30m") Duration rto,
            @DefaultValue("7d") Duration window) {}

    /**
     * @param schemas schemas whose tables are backed up; empty means every user schema
     * @param include tables ({@code schema.table}) to back up; empty means all in {@code schemas}
     * @param exclude tables left out
     * @param parallelism concurrent COPY workers; 0 means the number of cores
     * @param partSize target size of a part in COPY text
     * @param compression {@code zstd}, {@code gzip}, {@code xz} or {@code none}
     * @param compressionLevel codec level; zstd 1..19
     * @param lockTimeout how long to wait for a table another session holds exclusively
     * @param rolePasswords also capture the password hashes of the roles the point records (needs a
     *     superuser); they are stored through the codec, encrypted when a key is configured
     */
    public record Backup(
            @DefaultValue List<String> schemas,
            @DefaultValue List<String> include,
            @DefaultValue List<String> exclude,
            @DefaultValue("0") int parallelism,
            @DefaultValue("128MB") DataSize partSize,
            @DefaultValue("zstd") String compression,
            @DefaultValue("1") int compressionLevel,
            @DefaultValue("30s") Duration lockTimeout,
            @DefaultValue("false") boolean rolePasswords) {

        public int effectiveParallelism() {
            return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param parallelism connections loading parts and building indexes at once; 0 means the number of cores
     * @param maintenanceWorkMem {@code maintenance_work_mem} of each index-building connection
     * @param freeze load a table stored as one part with {@code COPY FREEZE} (truncated in the same transaction)
     * @param asyncCommit {@code synchronous_commit = off} on the loading sessions
     */
    public record Restore(
            @DefaultValue("0") int parallelism,
            @DefaultValue("256MB") String maintenanceWorkMem,
            @DefaultValue("true") boolean freeze,
            @DefaultValue("true") boolean asyncCommit) {

        public int effectiveParallelism() {
            return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        }
    }

    /** @param checks business checks run on every restore verification */
    public record Verify(@DefaultValue List<BusinessCheck> checks) {}

    /**
     * A query over the restored data that must return no rows; only the number of rows it returns
     * is reported, never the rows.
     *
     * @param name short name shown in reports
     * @param description what holding means, in words an auditor reads
     */
    public record BusinessCheck(String name, String description, String sql) {}

    /**
     * @param directory local directory that keeps a copy of every report and the index page
     * @param signingKeyFile PEM PKCS#8 Ed25519 private key; reports are signed when set
     * @param verifyKeyFile PEM Ed25519 public key that {@code report --check} checks signatures with
     */
    public record Reports(@DefaultValue("drkit-reports") Path directory, Path signingKeyFile, Path verifyKeyFile) {}

    /**
     * S3 Object Lock for complete points and reports: each object is locked against deletion and
     * overwriting for {@code retention} once its point is committed (or its report written).
     *
     * @param mode {@code governance} or {@code compliance}; empty means no locking
     */
    public record ObjectLock(@DefaultValue("") String mode, @DefaultValue("30d") Duration retention) {}

    /**
     * Metrics of each job run, for Prometheus. Jobs are short-lived, so they are written where batch
     * metrics are expected rather than served.
     *
     * @param textfileDirectory the node exporter's textfile collector directory: one {@code drkit_<job>.prom} per job
     * @param pushgateway a Pushgateway URL ({@code http://host:9091}); metrics are pushed there too when set
     */
    public record Metrics(Path textfileDirectory, String pushgateway) {}

    /**
     * A JSON POST to {@code webhook} when a job fails, a verification fails or a target is missed.
     *
     * @param timeout for each attempt
     * @param retries attempts after the first, with a growing delay, when the receiver cannot be reached or answers 5xx
     */
    public record Alerts(String webhook, @DefaultValue("10s") Duration timeout, @DefaultValue("3") int retries) {}

    /**
     * What {@code drkit prune} keeps (grandfather-father-son): the last {@code keepLast} points, and the
     * newest point of each of the last {@code keepDaily} days, {@code keepWeekly} ISO weeks and
     * {@code keepMonthly} months that have points (UTC).
     */
    public record Retention(@DefaultValue("7") int keepLast, @DefaultValue("14") int keepDaily,
            @DefaultValue("8") int keepWeekly, @DefaultValue("12") int keepMonthly) {

        public io.drkit.retention.RetentionPolicy policy() {
            return new io.drkit.retention.RetentionPolicy(keepLast, keepDaily, keepWeekly, keepMonthly);
        }
    }

    /**
     * {@code drkit daemon}.
     *
     * @param catchUp run once at start-up a job whose run was missed while no daemon was up
     * @param grace how long a stopping daemon waits for running jobs to end
     */
    public record Daemon(@DefaultValue("true") boolean catchUp, @DefaultValue("30s") Duration grace) {}

    /**
     * Incremental backups through logical decoding.
     *
     * @param enabled full backups start a chain (a replication slot on the source) that incremental
     *     backups read; off, full backups remove the repository's slots
     * @param slotWarning WAL held back by the chain's slot above which {@code status} warns
     * @param slotAlert WAL held back above which {@code status} and incremental backups send an alert
     * @param readTimeout how long the source may stay silent while an incremental reads its changes
     * @param flush how often {@code backup --incremental --continuous} closes a point
     */
    public record Incremental(@DefaultValue("false") boolean enabled, @DefaultValue("1GB") DataSize slotWarning,
            @DefaultValue("8GB") DataSize slotAlert, @DefaultValue("2m") Duration readTimeout,
            @DefaultValue("1m") Duration flush) {}
}

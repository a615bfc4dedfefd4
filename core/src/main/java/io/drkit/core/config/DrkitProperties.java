package io.drkit.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.drkit.core.store.StorePolicy;

import static io.drkit.core.config.SettingChecks.atLeast;
import static io.drkit.core.config.SettingChecks.atLeastSize;
import static io.drkit.core.config.SettingChecks.between;
import static io.drkit.core.config.SettingChecks.positive;
import static io.drkit.core.config.SettingChecks.positiveSize;

/**
 * drkit's configuration. The environment names of DESIGN.md ({@code DRKIT_SOURCE_URL} and friends) are
 * mapped onto these properties in the command line's {@code application.yml}. Each record checks its
 * values as it is bound, so a command refuses a value that cannot work before it does anything, with
 * one line naming the setting ({@link SettingChecks}).
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
        @DefaultValue S3 s3,
        @DefaultValue Tiers tiers,
        Map<String, String> schedules) {

    /**
     * @param rpo the most data, in time, a disaster may cost
     * @param rto the longest a restore, verified, may take from the moment a disaster is declared
     * @param window how far back the worst RPO is looked for
     * @param rtoServing the longest a staged restore may take, from the declaration, to serve: its hot
     *     tier restored, indexed and proven (points without tiers have no such moment)
     */
    public record Targets(@DefaultValue("15m") Duration rpo, @DefaultValue("30m") Duration rto,
            @DefaultValue("7d") Duration window, @DefaultValue("5m") Duration rtoServing) {

        public Targets {
            positive(rpo, "drkit.targets.rpo", "15m");
            positive(rto, "drkit.targets.rto", "30m");
            positive(window, "drkit.targets.window", "7d");
            positive(rtoServing, "drkit.targets.rto-serving", "5m");
        }
    }

    /**
     * What a staged restore gives back first. Tables no entry names, and the rows an entry's predicate
     * leaves out, are cold. Empty: points have no tiers and restore in one stage.
     *
     * @param hot the hot tier's entries; the first entry that names a table decides its rows
     */
    public record Tiers(@DefaultValue List<HotEntry> hot) {

        public Tiers {
            for (int i = 0; i < hot.size(); i++) {
                if (hot.get(i).table() == null || hot.get(i).table().isBlank()) {
                    throw SettingChecks.invalid("drkit.tiers.hot[" + i + "].table",
                            "is empty: give a table as schema.table (* matches any run of characters)");
                }
            }
        }

        public boolean configured() {
            return !hot.isEmpty();
        }
    }

    /**
     * @param table {@code schema.table}, {@code *} matching any run of characters; a partitioned table
     *     names its partitions
     * @param where a SQL predicate on the table's own columns choosing its hot rows, evaluated at backup
     *     time in the point's snapshot (on each partition of a partitioned table); empty: every row is hot
     */
    public record HotEntry(String table, String where) {

        /** The predicate, or null when every row is hot. */
        public String predicate() {
            return where == null || where.isBlank() ? null : where.strip();
        }
    }

    /**
     * @param schemas schemas whose tables are backed up; empty means every user schema
     * @param include tables ({@code schema.table}) to back up; empty means all in {@code schemas}
     * @param exclude tables left out
     * @param parallelism concurrent COPY workers; unset means the number of cores
     * @param partSize target size of a part in COPY text, at least {@link #SMALLEST_PART}
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
            Integer parallelism,
            @DefaultValue("128MB") DataSize partSize,
            @DefaultValue("zstd") String compression,
            @DefaultValue("1") int compressionLevel,
            @DefaultValue("30s") Duration lockTimeout,
            @DefaultValue("false") boolean rolePasswords,
            DataSize maxRate,
            @DefaultValue("true") boolean adaptive,
            @DefaultValue("10") int nice) {

        /** Below this a part costs more in requests and manifest entries than it saves in parallel reading. */
        public static final DataSize SMALLEST_PART = DataSize.ofMegabytes(1);

        /**
         * The tests split their small tables into many parts to exercise parallel reading, restarts and
         * kills between parts: {@code DRKIT_FAILPOINTS_SMALLPARTS=true} lowers the floor for them, as the
         * other {@code drkit.fail-points.*} settings do; never set in production.
         */
        static DataSize smallestPart() {
            return "true".equalsIgnoreCase(System.getenv("DRKIT_FAILPOINTS_SMALLPARTS")) ? DataSize.ofKilobytes(64)
                    : SMALLEST_PART;
        }

        public Backup {
            if (parallelism != null) {
                atLeast(parallelism, 1, "drkit.backup.parallelism", "leave it unset for the number of cores");
            }
            atLeastSize(partSize, smallestPart(), "drkit.backup.part-size", "128MB");
            positive(lockTimeout, "drkit.backup.lock-timeout", "30s");
            if (maxRate != null) {
                positiveSize(maxRate, "drkit.backup.max-rate", "50MB");
            }
            between(nice, 0, 19, "drkit.backup.nice", "0 leaves drkit's priority alone; default 10");
        }

        public int effectiveParallelism() {
            return parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param parallelism connections loading parts and building indexes at once; unset means the number of cores
     * @param maintenanceWorkMem {@code maintenance_work_mem} of each index-building connection
     * @param freeze load a table stored as one part with {@code COPY FREEZE} (truncated in the same transaction)
     * @param asyncCommit {@code synchronous_commit = off} on the loading sessions
     */
    public record Restore(
            Integer parallelism,
            @DefaultValue("256MB") String maintenanceWorkMem,
            @DefaultValue("true") boolean freeze,
            @DefaultValue("true") boolean asyncCommit) {

        public Restore {
            if (parallelism != null) {
                atLeast(parallelism, 1, "drkit.restore.parallelism", "leave it unset for the number of cores");
            }
        }

        public int effectiveParallelism() {
            return parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
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
     * @param atServing also run at a staged restore's serving moment, on the hot tier alone (a check that
     *     reads recent parcels); a check that needs history (proofs, old scans) leaves it unset
     */
    public record BusinessCheck(String name, String description, String sql, boolean atServing) {}

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
    public record ObjectLock(@DefaultValue("") String mode, @DefaultValue("30d") Duration retention) {

        public ObjectLock {
            positive(retention, "drkit.object-lock.retention", "30d");
        }
    }

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
    public record Alerts(String webhook, @DefaultValue("10s") Duration timeout, @DefaultValue("3") int retries) {

        public Alerts {
            positive(timeout, "drkit.alerts.timeout", "10s");
            atLeast(retries, 0, "drkit.alerts.retries", "3");
        }
    }

    /**
     * What {@code drkit prune} keeps (grandfather-father-son): the last {@code keepLast} points, and the
     * newest point of each of the last {@code keepDaily} days, {@code keepWeekly} ISO weeks and
     * {@code keepMonthly} months that have points (UTC).
     */
    public record Retention(@DefaultValue("7") int keepLast, @DefaultValue("14") int keepDaily,
            @DefaultValue("8") int keepWeekly, @DefaultValue("12") int keepMonthly) {

        public Retention {
            atLeast(keepLast, 1, "drkit.retention.keep-last", "7");
            atLeast(keepDaily, 0, "drkit.retention.keep-daily", "14");
            atLeast(keepWeekly, 0, "drkit.retention.keep-weekly", "8");
            atLeast(keepMonthly, 0, "drkit.retention.keep-monthly", "12");
        }

        public io.drkit.core.retention.RetentionPolicy policy() {
            return new io.drkit.core.retention.RetentionPolicy(keepLast, keepDaily, keepWeekly, keepMonthly);
        }
    }

    /**
     * {@code drkit daemon}.
     *
     * @param catchUp run once at start-up a job whose run was missed while no daemon was up
     * @param grace how long a stopping daemon waits for running jobs to end
     */
    public record Daemon(@DefaultValue("true") boolean catchUp, @DefaultValue("30s") Duration grace) {

        public Daemon {
            positive(grace, "drkit.daemon.grace", "30s");
        }
    }

    /**
     * Incremental backups through logical decoding.
     *
     * @param enabled full backups start a chain (a replication slot on the source) that incremental
     *     backups read; off, full backups remove the repository's slots
     * @param slotWarning WAL held back by the chain's slot above which {@code status} warns
     * @param slotAlert WAL held back above which {@code status} and incremental backups send an alert
     * @param readTimeout how long the source may stay silent while an incremental reads its changes
     * @param flush how often {@code backup --incremental --continuous} closes a point
     * @param digests which incremental points read changed tables whole for their content digests
     */
    public record Incremental(@DefaultValue("false") boolean enabled, @DefaultValue("1GB") DataSize slotWarning,
            @DefaultValue("8GB") DataSize slotAlert, @DefaultValue("2m") Duration readTimeout,
            @DefaultValue("1m") Duration flush, @DefaultValue("daily") Digests digests) {

        /**
         * Which incremental points prove their tables' content. The others count rows from the change
         * stream only; the next point with digests proves what they hold.
         */
        public enum Digests {
            /** Every point reads each table where rows that existed before changed whole. */
            EVERY,
            /** The first point of each UTC day, and any asked for with {@code --digests}. */
            DAILY,
            /** Only points asked for with {@code --digests}. */
            NONE
        }

        public Incremental {
            positiveSize(slotWarning, "drkit.incremental.slot-warning", "1GB");
            positiveSize(slotAlert, "drkit.incremental.slot-alert", "8GB");
            positive(readTimeout, "drkit.incremental.read-timeout", "2m");
            positive(flush, "drkit.incremental.flush", "1m");
            if (digests == null) {
                digests = Digests.DAILY;
            }
        }
    }

    /**
     * How drkit rides out an S3 endpoint that misbehaves (see {@link StorePolicy}).
     *
     * @param retries attempts after the first of each request, and resumes in a row of a read cut off without progress
     * @param retryBudget the longest a read keeps resuming without getting a byte further
     * @param attemptTimeout the longest one attempt may take, and a read may wait for its next byte
     * @param apiCallTimeout the longest one request may take, its retries included
     * @param connectTimeout the longest opening a connection may take
     */
    public record S3(@DefaultValue("10") int retries, @DefaultValue("2m") Duration retryBudget,
            @DefaultValue("30s") Duration attemptTimeout, @DefaultValue("3m") Duration apiCallTimeout,
            @DefaultValue("10s") Duration connectTimeout) {

        public S3 {
            atLeast(retries, 0, "drkit.s3.retries", "10");
            positive(retryBudget, "drkit.s3.retry-budget", "2m");
            positive(attemptTimeout, "drkit.s3.attempt-timeout", "30s");
            positive(apiCallTimeout, "drkit.s3.api-call-timeout", "3m");
            positive(connectTimeout, "drkit.s3.connect-timeout", "10s");
            if (apiCallTimeout.compareTo(attemptTimeout) < 0) {
                throw SettingChecks.invalid("drkit.s3.api-call-timeout", "must be at least drkit.s3.attempt-timeout ("
                        + attemptTimeout + "), as it bounds every attempt of a request together");
            }
        }

        public StorePolicy policy() {
            return new StorePolicy(retries, retryBudget, attemptTimeout, apiCallTimeout, connectTimeout);
        }
    }
}

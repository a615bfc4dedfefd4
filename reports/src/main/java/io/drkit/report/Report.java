package io.drkit.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

import io.drkit.core.batch.PartRun;
import io.drkit.core.objectives.TargetMiss;
import io.drkit.verify.restore.RestoreVerification;

/**
 * A report of one verification, restore or drill: what auditors read. Documented field by field in
 * the README; {@link #FORMAT_VERSION} changes whenever a reader of the previous one could misread it.
 * Counts, digests and names of tables, objects and checks only: never row data.
 *
 * @param kind what ran
 * @param verdict whether it passed
 * @param summary the verdict in one sentence
 * @param problems what failed, one line each
 * @param warnings what the points' backups could not capture (a part the backup user could not read)
 *     and what a restore could not give back as the point has it (a role that exists with other
 *     attributes), one line each; null in reports written before drkit recorded them
 * @param partTimings each part of the restore: where it ran (this host, or a {@code drkit worker}'s)
 *     and for how long; null when nothing was restored, and in reports written before drkit recorded it
 * @param chain the previous report of the repository and the SHA-256 of its JSON file
 * @param drill the figures of a drill, for kind {@code drill} only
 * @param failover the figures of a failover drill, for kind {@code failover-drill} only; null in reports written
 *     before drkit wrote them
 * @param htmlSha256 SHA-256 of the HTML rendering written beside it
 * @param signature Ed25519 signature (base64) of this document with {@code signature} null, or null
 */
public record Report(
        int formatVersion,
        String reportId,
        Kind kind,
        Verdict verdict,
        String summary,
        Instant started,
        Instant finished,
        long durationMillis,
        String repository,
        List<PointRef> points,
        Objects objects,
        List<TableRow> tables,
        List<CheckRow> checks,
        List<String> problems,
        List<String> warnings,
        Map<String, Long> phasesMillis,
        List<PartRun> partTimings,
        Measures measures,
        RanBy ranBy,
        Servers servers,
        Drill drill,
        Failover failover,
        Chain chain,
        String htmlSha256,
        String signingKeySha256,
        String signature) {

    public static final int FORMAT_VERSION = 1;

    /** What ran; its {@link #label()} is the report's {@code kind} field and part of its id. */
    public enum Kind {
        VERIFY_OBJECTS("verify-objects"), VERIFY_RESTORE("verify-restore"), RESTORE("restore"), DRILL("drill"),
        /** {@code drill --failover}: a copy of the standby promoted and proven instead of a restore. */
        FAILOVER_DRILL("failover-drill");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }

        /** Whether a run of this kind restores its point and reads it back. */
        public boolean readsBack() {
            return this == VERIFY_RESTORE || this == DRILL;
        }
    }

    /** The report's {@code verdict} field. */
    public enum Verdict {
        PASSED, FAILED;

        public static Verdict of(boolean passed) {
            return passed ? PASSED : FAILED;
        }

        @JsonValue
        public String label() {
            return this == PASSED ? "passed" : "failed";
        }
    }

    public List<String> warningsOrNone() {
        return warnings == null ? List.of() : warnings;
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /**
     * Whether a restore of its points was read back and checked, and everything held. A point taken
     * without digests is proven only when its content proof ran: counted rows alone do not make it
     * whole, so one whose proving point is not yet taken stays unproven.
     */
    public boolean restoreProven() {
        return kind.readsBack() && !tables.isEmpty()
                && tables.stream().allMatch(t -> Boolean.TRUE.equals(t.matches()))
                && checks.stream().noneMatch(c -> Boolean.FALSE.equals(c.passed())
                        || (RestoreVerification.CONTENT_PROOF.equals(c.kind()) && c.passed() == null));
    }

    public Report withId(String id) {
        return new Report(formatVersion, id, kind, verdict, summary, started, finished, durationMillis, repository,
                points, objects, tables, checks, problems, warnings, phasesMillis, partTimings, measures, ranBy, servers, drill, failover, chain, htmlSha256, signingKeySha256, signature);
    }

    public Report withChain(Chain c) {
        return new Report(formatVersion, reportId, kind, verdict, summary, started, finished, durationMillis, repository,
                points, objects, tables, checks, problems, warnings, phasesMillis, partTimings, measures, ranBy, servers, drill, failover, c, htmlSha256, signingKeySha256, signature);
    }

    /** @param sha256 SHA-256 (hex) of the DER public key that verifies the signature, or null when unsigned */
    public Report withSigningKey(String sha256) {
        return new Report(formatVersion, reportId, kind, verdict, summary, started, finished, durationMillis, repository,
                points, objects, tables, checks, problems, warnings, phasesMillis, partTimings, measures, ranBy, servers, drill, failover, chain,
                htmlSha256, sha256, signature);
    }

    public Report withHtmlSha256(String sha) {
        return new Report(formatVersion, reportId, kind, verdict, summary, started, finished, durationMillis, repository,
                points, objects, tables, checks, problems, warnings, phasesMillis, partTimings, measures, ranBy, servers, drill, failover, chain, sha, signingKeySha256, signature);
    }

    /** A recovery point the report is about. */
    public record PointRef(String id, Instant time, String kind, Long rows, Long storedBytes) {}

    /**
     * @param inPoints objects the examined manifests name
     * @param read objects read in full in this run
     * @param samplePercent the share asked for, or null when all were read
     * @param unreadableNow objects the object store failed to deliver after every retry, one line each: not
     *     damage (nothing is known of them), but not verified either; null in reports written before drkit told them apart
     */
    public record Objects(int inPoints, int read, long bytesRead, Double samplePercent, List<String> unreadableNow) {}

    /** A table's rows and digest in the backup and, when read back, in the restored database. */
    public record TableRow(String table, long sourceRows, Long restoredRows, String sourceDigest, String restoredDigest,
            Boolean matches) {}

    /** @param passed null when the check could not run here (the format of version 1; see {@code CheckOutcome.Result}) */
    public record CheckRow(String kind, String name, Boolean passed, String detail, long millis) {}

    /**
     * @param pointAgeSeconds how old the newest point examined was when the run finished (the RPO it evidences)
     * @param restoreSeconds wall time to a restored database (the RTO it evidences), when a restore ran
     * @param rpoTargetSeconds the configured RPO target
     * @param rtoTargetSeconds the configured RTO target
     */
    public record Measures(Long pointAgeSeconds, Long restoreSeconds, long rpoTargetSeconds, long rtoTargetSeconds) {}

    /** Who ran it, where, with what. */
    public record RanBy(String user, String host, String toolVersion, String javaVersion) {}

    /**
     * The database the report is about and the server the restore ran on, so that an auditor reads which
     * production database a proof covers without trusting the repository's name. Names only, never a
     * password. Null in reports written before drkit named them.
     *
     * @param source the point's database: {@code host} as configured for backups (null when this run had
     *     none), the rest as the backup read them from the server
     * @param restoreServer {@code host:port} of the server the point was restored on, or null (no restore)
     */
    public record Servers(Source source, String restoreServer) {}

    /** A PostgreSQL database as the point's backup found it. */
    public record Source(String host, String database, String systemIdentifier, String serverVersion) {}

    /** @param previousReportId null for the first report of a repository */
    public record Chain(String previousReportId, String previousSha256) {}

    /**
     * What a drill measured. RPOs are at the declaration; the RTO runs from the declaration to the
     * scratch database restored and verified, and {@code phasesMillis} of the report add up to it.
     *
     * @param pointChoice {@code newest}, {@code named} or {@code random}
     * @param rtoMillis null when the drill failed before the database was restored and verified
     * @param rpoMillis the declaration minus the newest point's time
     * @param rpoVerifiedMillis the declaration minus the time of the newest point a restore had proved whole; null when none had
     * @param worstRpoMillis the largest gap between consecutive points over the window, the gap to the declaration included
     * @param misses the targets missed, with by how much
     * @param dataWorkMillis worker time inside the data phase by kind (fetch, decrypt and decompress, load), summed over workers
     * @param traffic the live traffic put on the source during the drill, or null
     * @param runbook the commands an on-call engineer runs to restore this point for real
     * @param historyMillis how much of the window the repository's points cover (the worst RPO is over that
     *     much history); null in reports written before drkit said so
     */
    public record Drill(Instant declaredAt, String pointChoice, Long rtoMillis, Long rpoMillis, String newestPointId,
            Long rpoVerifiedMillis, String verifiedPointId, Long worstRpoMillis, Instant worstGapFrom, Instant worstGapTo,
            long windowMillis, long rpoTargetMillis, long rtoTargetMillis, List<TargetMiss> misses,
            Map<String, Long> dataWorkMillis, Traffic traffic, List<Step> runbook, Long historyMillis,
            Long rtoServingTargetMillis, Serving serving) {

        /** Without the staged figures: a point without tiers, or a report written before drkit staged restores. */
        public Drill(Instant declaredAt, String pointChoice, Long rtoMillis, Long rpoMillis, String newestPointId,
                Long rpoVerifiedMillis, String verifiedPointId, Long worstRpoMillis, Instant worstGapFrom,
                Instant worstGapTo, long windowMillis, long rpoTargetMillis, long rtoTargetMillis,
                List<TargetMiss> misses, Map<String, Long> dataWorkMillis, Traffic traffic, List<Step> runbook,
                Long historyMillis) {
            this(declaredAt, pointChoice, rtoMillis, rpoMillis, newestPointId, rpoVerifiedMillis, verifiedPointId,
                    worstRpoMillis, worstGapFrom, worstGapTo, windowMillis, rpoTargetMillis, rtoTargetMillis, misses,
                    dataWorkMillis, traffic, runbook, historyMillis, null, null);
        }
    }

    /**
     * The first stage of a drill's staged restore: the database serving on its hot tier while the
     * history loads behind it. A drill of a point without tiers has none ({@code serving} is null):
     * its database served only when complete, so there is no RTO to serving, which is not an RTO of 0.
     *
     * @param servingAt when the restore said the database was serving
     * @param rtoMillis the RTO to serving: the declaration to the serving moment, proven
     * @param hotRows rows of the hot tier read back at the serving moment
     * @param hotTables tables with hot rows; all equal to the backup's hot figures when {@code proven}
     * @param proven the hot tier equals the backup's and the at-serving business checks hold
     * @param checks the business checks run at the serving moment ({@code at-serving})
     * @param traffic the lookups and scans on the restored database during stage 2; null without --with-traffic
     */
    public record Serving(Instant servingAt, long rtoMillis, long hotRows, int hotTables, boolean proven,
            List<CheckRow> checks, ServingTraffic traffic) {}

    /**
     * @param rate operations per second asked for (lookups and scans)
     * @param lookupP50Millis median latency of the waybill lookups that answered; null when none did
     * @param lookupP99Millis 99th percentile of it; null when none answered
     */
    public record ServingTraffic(double rate, long lookups, long lookupFailures, long scans, long scanFailures,
            Double lookupP50Millis, Double lookupP99Millis) {

        /** Lookups and scans that failed: the goal is none. */
        public long failed() {
            return lookupFailures + scanFailures;
        }
    }

    /**
     * What a failover drill measured: a copy of the standby promoted and proven, beside the latest restore
     * drill. Database names only, never a URL with its password.
     *
     * @param standbyDatabase the standby the copy was made of (it was not promoted)
     * @param copyDatabase the copy that was promoted and proven
     * @param kept whether the promoted copy was kept afterwards
     * @param rtoMillis the declaration to the copy promoted and proven
     * @param copyMillis the part of it spent copying the standby, which a real failover (promoting the standby
     *     itself) does not spend
     * @param rpoMillis the declaration minus the time of the standby's point
     * @param restoreDrillRtoMillis the RTO of the latest restore drill that reached one, or null when none had
     * @param restoreDrillDeclaredAt when that drill was declared, or null
     * @param restoreDrillReportId that drill's report, or null
     * @param runbook the commands that fail over for real
     */
    public record Failover(Instant declaredAt, String standbyDatabase, String copyDatabase, boolean kept,
            long rtoMillis, long copyMillis, long rpoMillis, long rpoTargetMillis, long rtoTargetMillis,
            List<TargetMiss> misses, Long restoreDrillRtoMillis, Instant restoreDrillDeclaredAt,
            String restoreDrillReportId, List<Step> runbook) {}

    /** @param rate scans per second asked for; the others are what the simulator did during the drill */
    public record Traffic(double rate, long events, long statusUpdates, long newShipments, long deletes) {}

    /** One step of a runbook: what it is for, and the commands, to be run in order. */
    public record Step(String title, List<String> commands) {}
}

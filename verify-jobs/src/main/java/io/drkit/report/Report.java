package io.drkit.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A report of one verification, restore or drill: what auditors read. Documented field by field in
 * the README; {@link #FORMAT_VERSION} changes whenever a reader of the previous one could misread it.
 * Counts, digests and names of tables, objects and checks only: never row data.
 *
 * @param kind {@code verify-objects}, {@code verify-restore}, {@code restore} or {@code drill}
 * @param verdict {@code passed} or {@code failed}
 * @param summary the verdict in one sentence
 * @param problems what failed, one line each
 * @param chain the previous report of the repository and the SHA-256 of its JSON file
 * @param htmlSha256 SHA-256 of the HTML rendering written beside it
 * @param signature Ed25519 signature (base64) of this document with {@code signature} null, or null
 */
public record Report(
        int formatVersion,
        String reportId,
        String kind,
        String verdict,
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
        Map<String, Long> phasesMillis,
        Measures measures,
        RanBy ranBy,
        Chain chain,
        String htmlSha256,
        String signature) {

    public static final int FORMAT_VERSION = 1;

    public boolean passed() {
        return "passed".equals(verdict);
    }

    public Report withChain(Chain c) {
        return new Report(formatVersion, reportId, kind, verdict, summary, started, finished, durationMillis, repository,
                points, objects, tables, checks, problems, phasesMillis, measures, ranBy, c, htmlSha256, signature);
    }

    public Report withHtmlSha256(String sha) {
        return new Report(formatVersion, reportId, kind, verdict, summary, started, finished, durationMillis, repository,
                points, objects, tables, checks, problems, phasesMillis, measures, ranBy, chain, sha, signature);
    }

    /** A recovery point the report is about. */
    public record PointRef(String id, Instant time, String kind, Long rows, Long storedBytes) {}

    /**
     * @param inPoints objects the examined manifests name
     * @param read objects read in full in this run
     * @param samplePercent the share asked for, or null when all were read
     */
    public record Objects(int inPoints, int read, long bytesRead, Double samplePercent) {}

    /** A table's rows and digest in the backup and, when read back, in the restored database. */
    public record TableRow(String table, long sourceRows, Long restoredRows, String sourceDigest, String restoredDigest,
            Boolean matches) {}

    /** @param passed null when the check could not run here */
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

    /** @param previousReportId null for the first report of a repository */
    public record Chain(String previousReportId, String previousSha256) {}
}

package io.drkit.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.ThisHost;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.manifest.ToolVersion;
import io.drkit.core.objectives.Durations;
import io.drkit.core.objectives.TargetMiss;
import io.drkit.core.progress.Sizes;
import io.drkit.report.Report.CheckRow;
import io.drkit.report.Report.Measures;
import io.drkit.report.Report.PointRef;
import io.drkit.report.Report.RanBy;
import io.drkit.report.Report.TableRow;
import io.drkit.restore.RestoreResult;
import io.drkit.verify.ObjectProblem;
import io.drkit.verify.ObjectVerifyResult;
import io.drkit.verify.restore.CheckOutcome;
import io.drkit.verify.restore.RestoreVerification;
import io.drkit.verify.restore.TableComparison;

/** Turns what a run found into its report (before the chain and signature are added). */
public final class ReportFactory {

    private final DrkitProperties.Targets targets;
    private final String repository;
    private final String sourceHost;
    private final String restoreServer;

    /**
     * @param sourceHost {@code host:port} of the configured source, or null
     * @param restoreServer {@code host:port} of the server restores go to, or null
     */
    public ReportFactory(DrkitProperties.Targets targets, String repository, String sourceHost, String restoreServer) {
        this.targets = targets;
        this.repository = repository;
        this.sourceHost = sourceHost;
        this.restoreServer = restoreServer;
    }

    public Report objects(ObjectVerifyResult r, Instant started) {
        Instant finished = started.plus(r.duration());
        List<PointRef> points = r.points().stream()
                .map(id -> new PointRef(id.value(), id.time(), kindOf(id), null, null)).toList();
        List<String> problems = r.problems().stream().map(ObjectProblem::toString).toList();
        List<String> unreadable = r.unreadableNow().stream().map(ObjectProblem::toString).toList();
        String found = !problems.isEmpty() ? problems.size() + " problem(s) found"
                : unreadable.isEmpty() ? "every one has the size and SHA-256 its manifest gives and decodes, and no object "
                        + "is unaccounted for"
                : "no damage found, but " + unreadable.size() + " object(s) could not be read now because the object "
                        + "store failed (not damage: nothing is known of them); run the verification again later";
        String summary = String.format(Locale.ROOT, "%s %d of the %d objects of %d point%s (%s) in full: %s.",
                r.samplePercent() == null ? "Read" : "Read a " + r.samplePercent() + "% sample,",
                r.objectsRead(), r.objectsInPoints(), points.size(), points.size() == 1 ? "" : "s",
                Sizes.human(r.bytesRead()), found);
        Long age = points.isEmpty() ? null : Duration.between(points.get(0).time(), finished).toSeconds();
        return new Report(Report.FORMAT_VERSION, null, Report.Kind.VERIFY_OBJECTS,
                Report.Verdict.of(r.whole()), summary, started, finished, r.duration().toMillis(), repository,
                points, new Report.Objects(r.objectsInPoints(), r.objectsRead(), r.bytesRead(), r.samplePercent(), unreadable),
                List.of(), List.of(), problems, r.warnings(), Map.of("read", r.duration().toMillis()), r.partRuns(), measures(age, null), ranBy(),
                null, null, null, null, null, null, null);
    }

    public Report restoreVerification(RestoreVerification v) {
        RestoreResult restored = v.restore();
        Instant finished = v.started().plus(v.duration());
        List<TableRow> tables = v.tables().stream().map(ReportFactory::row).toList();
        List<CheckRow> checks = v.checks().stream().map(ReportFactory::row).toList();
        long held = v.checks().stream().filter(CheckOutcome::held).count();
        long notRun = v.checks().stream().filter(c -> !c.ran()).count();
        long matching = v.tables().stream().filter(TableComparison::matches).count();
        String summary = String.format(Locale.ROOT, "Recovery point %s was restored into a scratch database in %.1f s "
                        + "and read back: %d of %d tables have the rows and content digest of the backup (%,d rows); "
                        + "%d of %d checks hold%s.",
                restored.point().pointId(), restored.duration().toMillis() / 1000.0, matching, tables.size(),
                restored.point().rows(), held, checks.size() - notRun, notRun == 0 ? "" : ", " + notRun + " could not run here");
        // a point without digests: its changed tables' rows were counted, their content proven at a later point
        summary += v.rowsCountedOnly().map(said -> " " + said).orElse("");
        if (!v.businessChecksConfigured()) {
            summary += " " + RestoreVerification.NO_BUSINESS_CHECKS;
        }
        Map<String, Long> phases = new LinkedHashMap<>();
        restored.phases().forEach((k, ms) -> phases.put("restore: " + k, ms));
        v.phases().forEach((k, ms) -> {
            if (!k.equals("restore")) {
                phases.put(k, ms);
            }
        });
        return new Report(Report.FORMAT_VERSION, null, Report.Kind.VERIFY_RESTORE,
                Report.Verdict.of(v.passed()), summary, v.started(), finished, v.duration().toMillis(), repository,
                List.of(point(restored.point())), null, tables, checks, v.failures(), restored.warnings(), phases,
                restored.partRuns(), measures(Duration.between(restored.point().time(), finished).toSeconds(),
                        restored.duration().toSeconds()), ranBy(), servers(restored.point(), restoreServer), null, null, null,
                null, null, null);
    }

    /** @param target {@code host:port} of the target's server, or null for a scratch database (the scratch server's) */
    public Report restore(RestoreResult r, Instant started, String target) {
        Instant finished = started.plus(r.duration());
        List<TableRow> tables = new ArrayList<>();
        for (Manifest.TableEntry t : r.point().tables()) {
            String label = t.schema() + "." + t.name();
            if (!r.tablesLeftOut().contains(label)) {
                tables.add(new TableRow(label, t.rows(), null, t.digest(), null, null));
            }
        }
        String summary = String.format(Locale.ROOT, "Recovery point %s was restored into %s in %.1f s: %,d rows "
                        + "from %d parts, every part checked against its SHA-256 and row count%s.",
                r.point().pointId(), r.scratch() ? "scratch database " + r.database() : "database " + r.database(),
                r.duration().toMillis() / 1000.0, r.rows(), r.parts(),
                r.tablesLeftOut().isEmpty() ? "" : "; " + r.tablesLeftOut().size() + " tables were left out on request");
        return new Report(Report.FORMAT_VERSION, null, Report.Kind.RESTORE, Report.Verdict.PASSED, summary,
                started, finished, r.duration().toMillis(), repository, List.of(point(r.point())), null, tables,
                List.of(), List.of(), r.warnings(), r.phases(), r.partRuns(), measures(null, r.duration().toSeconds()), ranBy(),
                servers(r.point(), target != null ? target : restoreServer), null, null, null, null, null, null);
    }

    /**
     * A drill's report: the restore verification's tables and checks (when it got that far), the
     * drill's phases, and its figures.
     *
     * @param v null when the restore or its verification did not finish
     */
    public Report drill(boolean passed, String summary, List<String> problems, Instant declaredAt, Instant finished,
            Manifest point, RestoreVerification v, Map<String, Long> phases, Report.Drill drill) {
        return new Report(Report.FORMAT_VERSION, null, Report.Kind.DRILL, Report.Verdict.of(passed), summary, declaredAt,
                finished, Duration.between(declaredAt, finished).toMillis(), repository, List.of(point(point)), null,
                v == null ? List.of() : v.tables().stream().map(ReportFactory::row).toList(),
                v == null ? List.of() : v.checks().stream().map(ReportFactory::row).toList(), problems,
                v == null ? point.warningsOrNone() : v.restore().warnings(), phases,
                v == null ? null : v.restore().partRuns(), measures(drill.rpoMillis() == null ? null : drill.rpoMillis() / 1000,
                        drill.rtoMillis() == null ? null : drill.rtoMillis() / 1000),
                ranBy(), servers(point, v == null ? null : restoreServer), drill, null, null, null, null, null);
    }

    /**
     * A failover drill's report: the standby's point, the proofs the promoted copy passed, and the failover's
     * figures beside the latest restore drill's RTO. The failover RTO is the RTO it evidences.
     */
    public Report failover(Manifest point, List<CheckRow> proofs, Instant finished, Map<String, Long> phases,
            Report.Failover f) {
        boolean passed = f.misses().isEmpty();
        String summary = String.format(Locale.ROOT, "A disaster was declared and answered by the standby: a copy of %s at "
                        + "point %s was promoted and proven in %s (RTO), %s after the point was taken (RPO)%s; %s.",
                f.standbyDatabase(), point.pointId(), Durations.human(f.rtoMillis()), Durations.human(f.rpoMillis()),
                f.restoreDrillRtoMillis() == null ? ""
                        : ", against " + Durations.human(f.restoreDrillRtoMillis()) + " for the latest restore drill",
                passed ? "both targets met"
                        : String.join("; ", f.misses().stream().map(TargetMiss::toString).toList()));
        return new Report(Report.FORMAT_VERSION, null, Report.Kind.FAILOVER_DRILL, Report.Verdict.of(passed), summary,
                f.declaredAt(), finished, Duration.between(f.declaredAt(), finished).toMillis(), repository,
                List.of(point(point)), null, List.of(), proofs, f.misses().stream().map(TargetMiss::toString).toList(),
                point.warningsOrNone(), phases, null, measures(f.rpoMillis() / 1000, f.rtoMillis() / 1000), ranBy(),
                servers(point, null), null, f, null, null, null, null);
    }

    private Measures measures(Long pointAge, Long restoreSeconds) {
        return new Measures(pointAge, restoreSeconds, targets.rpo().toSeconds(), targets.rto().toSeconds());
    }

    private static PointRef point(Manifest m) {
        return new PointRef(m.pointId().value(), m.time(), m.kind(), m.rows(), m.storedBytes());
    }

    private static TableRow row(TableComparison t) {
        return new TableRow(t.table(), t.sourceRows(), t.restoredRows(), t.sourceDigest(), t.restoredDigest(), t.matches());
    }

    private static CheckRow row(CheckOutcome c) {
        return new CheckRow(c.kind(), c.name(), c.result().asPassed(), c.detail(), c.millis());
    }

    private static String kindOf(PointId pointId) {
        String[] parts = pointId.value().split("-");
        return parts.length >= 3 ? parts[1] : "unknown";
    }


    private Report.Servers servers(Manifest point, String restoredOn) {
        Manifest.SourceIdentity s = point.source();
        return new Report.Servers(s == null ? null
                : new Report.Source(sourceHost, s.database(), s.systemIdentifier(), s.serverVersion()), restoredOn);
    }

    static RanBy ranBy() {
        return new RanBy(System.getProperty("user.name"), ThisHost.name(), ToolVersion.current(),
                System.getProperty("java.version"));
    }
}

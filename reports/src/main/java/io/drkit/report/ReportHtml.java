package io.drkit.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.Optional;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import io.drkit.core.objectives.Durations;
import io.drkit.core.objectives.TargetMiss;
import io.drkit.core.progress.Sizes;

/**
 * Self-contained HTML pages (styles and charts inline, no external assets) from reports, through
 * Mustache templates that escape every value. The verdict comes first, then the evidence.
 */
final class ReportHtml {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Template REPORT = template("report.mustache");
    private static final Template INDEX = template("index.mustache");

    private ReportHtml() {}

    static String report(Report r, boolean signed) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", title(r.kind()) + " " + (r.passed() ? "passed" : "FAILED"));
        view.put("kindTitle", title(r.kind()));
        view.put("verdict", r.passed() ? "PASSED" : "FAILED");
        view.put("verdictClass", r.passed() ? "pass" : "fail");
        view.put("summary", r.summary());
        view.put("reportId", r.reportId());
        view.put("explanation", explanation(r.kind()));
        view.put("problems", r.problems());
        view.put("hasProblems", !r.problems().isEmpty());
        view.put("warnings", r.warningsOrNone());
        view.put("hasWarnings", !r.warningsOrNone().isEmpty());
        view.put("points", r.points().stream().map(p -> Map.of("id", p.id(), "time", TIME.format(p.time()), "kind", p.kind(),
                "rows", p.rows() == null ? "" : String.format(Locale.ROOT, "%,d", p.rows()),
                "stored", p.storedBytes() == null ? "" : Sizes.human(p.storedBytes()))).toList());
        List<String> unreadable = r.objects() == null || r.objects().unreadableNow() == null ? List.of()
                : r.objects().unreadableNow();
        view.put("objects", r.objects() == null ? null : Map.of("inPoints", r.objects().inPoints(),
                "read", r.objects().read(), "bytes", Sizes.human(r.objects().bytesRead()),
                "sample", r.objects().samplePercent() == null ? "all" : r.objects().samplePercent() + "%",
                "unreadable", unreadable, "hasUnreadable", !unreadable.isEmpty()));
        view.put("tables", r.tables().stream().map(ReportHtml::table).toList());
        view.put("hasTables", !r.tables().isEmpty());
        view.put("readBack", r.tables().stream().anyMatch(t -> t.restoredDigest() != null));
        view.put("checks", r.checks().stream().map(ReportHtml::check).toList());
        view.put("hasChecks", !r.checks().isEmpty());
        view.put("phases", r.phasesMillis().entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "seconds", seconds(e.getValue()))).toList());
        List<Map<String, String>> parts = r.partTimings() == null ? List.of() : r.partTimings().stream()
                .map(p -> Map.of("part", p.part(), "host", p.host(), "seconds", seconds(p.millis()))).toList();
        view.put("parts", parts);
        view.put("hasParts", !parts.isEmpty());
        view.put("measures", r.drill() == null && r.failover() == null ? measures(r) : List.of());
        view.put("drill", r.drill() == null ? null : drill(r));
        view.put("failover", r.failover() == null ? null : failover(r.failover()));
        view.put("started", TIME.format(r.started()));
        view.put("finished", TIME.format(r.finished()));
        view.put("duration", seconds(r.durationMillis()));
        view.put("repository", r.repository());
        view.put("ranBy", r.ranBy());
        view.put("previous", r.chain() == null || r.chain().previousReportId() == null ? "none: this is the first report"
                : r.chain().previousReportId() + " (SHA-256 " + r.chain().previousSha256() + ")");
        view.put("signed", signed ? "signed with the Ed25519 key whose public key has SHA-256 " + r.signingKeySha256()
                + " (the signature is in the JSON report)" : "not signed (no signing key configured)");
        Report.Source source = r.servers() == null ? null : r.servers().source();
        view.put("source", source == null ? null : Map.of("database", source.database(),
                "host", source.host() == null ? "a host this run was not configured with" : source.host(),
                "serverVersion", String.valueOf(source.serverVersion()),
                "systemIdentifier", String.valueOf(source.systemIdentifier())));
        view.put("restoreServer", r.servers() == null ? null : r.servers().restoreServer());
        return REPORT.execute(view);
    }

    static String index(String repository, List<Report> reports) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("repository", repository);
        view.put("count", reports.size());
        view.put("generated", TIME.format(Instant.now()));
        List<Report> newestFirst = new ArrayList<>(reports);
        newestFirst.sort(Comparator.comparing(Report::reportId).reversed());
        view.put("reports", newestFirst.stream().map(r -> Map.of("id", r.reportId(), "kind", title(r.kind()),
                "verdict", r.passed() ? "passed" : "FAILED", "verdictClass", r.passed() ? "pass" : "fail",
                "finished", TIME.format(r.finished()),
                "points", String.join(", ", r.points().stream().map(Report.PointRef::id).toList()),
                "duration", seconds(r.durationMillis()), "href", ReportArchive.relative(r.reportId()) + ".html",
                "signature", r.signature() == null ? "unsigned"
                        : "Ed25519, key " + (r.signingKeySha256() == null ? "not named" : r.signingKeySha256().substring(0, 16))))
                .toList());
        List<Map<String, String>> charts = new ArrayList<>();
        charts.add(chart("RPO: age of the newest point at each run and drill, against its target then (minutes)", "minutes", reports,
                r -> r.measures() == null || r.measures().pointAgeSeconds() == null ? null
                        : r.measures().pointAgeSeconds() / 60.0,
                r -> r.measures() == null ? null : r.measures().rpoTargetSeconds() / 60.0));
        charts.add(chart("RTO: time to a restored database (drills: from the declaration to verified), against its target then (seconds)", "seconds", reports,
                r -> r.measures() == null || r.measures().restoreSeconds() == null ? null
                        : (double) r.measures().restoreSeconds(),
                r -> r.measures() == null ? null : (double) r.measures().rtoTargetSeconds()));
        charts.add(chart("RTO to serving: drills, from the declaration to the hot tier restored and proven, against its"
                + " target then (seconds; none for points without tiers)", "seconds", reports,
                r -> r.drill() == null || r.drill().serving() == null ? null : r.drill().serving().rtoMillis() / 1000.0,
                r -> r.drill() == null || r.drill().rtoServingTargetMillis() == null ? null
                        : r.drill().rtoServingTargetMillis() / 1000.0));
        charts.add(chart("Duration of each run (seconds)", "seconds", reports, r -> r.durationMillis() / 1000.0, null));
        view.put("charts", charts);
        List<Map<String, String>> drills = newestFirst.stream().filter(r -> r.drill() != null).map(ReportHtml::drillRow).toList();
        view.put("drills", drills);
        view.put("hasDrills", !drills.isEmpty());
        return INDEX.execute(view);
    }

    private static Map<String, String> chart(String title, String axis, List<Report> reports,
            java.util.function.Function<Report, Double> value, java.util.function.Function<Report, Double> target) {
        String svg;
        try {
            svg = ReportCharts.overTime(title, axis, reports, value, target);
        } catch (RuntimeException | Error e) {
            // a server without fonts cannot lay out text; the table of reports still says everything
            svg = "<p class=\"note\">This chart could not be drawn here (" + e.getClass().getSimpleName()
                    + "); install fontconfig and a font to get it.</p>";
        }
        return Map.of("title", title, "svg", svg);
    }

    /** The worst RPO's claim, never over more history than the repository's points cover. */
    static String worstOver(Report.Drill d) {
        if (d.historyMillis() == null || d.historyMillis() >= d.windowMillis()) {
            return "Worst RPO over the last " + Durations.human(d.windowMillis());
        }
        return "Worst RPO over the " + Durations.human(d.historyMillis()) + " of history the points cover (the window is "
                + Durations.human(d.windowMillis()) + ")";
    }

    private static Map<String, Object> table(Report.TableRow t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", t.table());
        m.put("sourceRows", String.format(Locale.ROOT, "%,d", t.sourceRows()));
        m.put("restoredRows", t.restoredRows() == null ? "" : String.format(Locale.ROOT, "%,d", t.restoredRows()));
        // a point without digests: the table's rows were counted, its content proven at a later point (a check)
        m.put("sourceDigest", t.sourceDigest() == null ? "none at this point (rows counted)" : shortDigest(t.sourceDigest()));
        m.put("restoredDigest", shortDigest(t.restoredDigest()));
        m.put("sourceDigestFull", t.sourceDigest() == null ? "" : t.sourceDigest());
        m.put("restoredDigestFull", t.restoredDigest() == null ? "" : t.restoredDigest());
        m.put("result", t.matches() == null ? "" : !t.matches() ? "DIFFERENT" : t.sourceDigest() == null ? "rows equal"
                : "equal");
        m.put("resultClass", t.matches() == null ? "" : t.matches() ? "pass" : "fail");
        return m;
    }

    private static Map<String, Object> check(Report.CheckRow c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", c.kind());
        m.put("name", c.name());
        m.put("result", c.passed() == null ? "not run" : c.passed() ? "holds" : "FAILS");
        m.put("resultClass", c.passed() == null ? "skip" : c.passed() ? "pass" : "fail");
        m.put("detail", c.detail());
        m.put("seconds", seconds(c.millis()));
        return m;
    }

    private static Map<String, Object> drill(Report r) {
        Report.Drill d = r.drill();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("declaredAt", TIME.format(d.declaredAt()));
        m.put("choice", d.pointChoice());
        m.put("pointId", r.points().get(0).id());
        List<Map<String, String>> figures = new ArrayList<>();
        if (d.serving() != null) {
            figures.add(figure("RTO to serving: declaration to the hot tier restored, indexed and proven",
                    d.serving().rtoMillis(), d.rtoServingTargetMillis(), "RTO to serving", d.misses()));
        } else if (d.rtoServingTargetMillis() != null) {
            figures.add(Map.of("name", "RTO to serving: declaration to the hot tier restored, indexed and proven",
                    "value", "none: " + NO_TIERS, "target", Durations.human(d.rtoServingTargetMillis()),
                    "result", "not measured", "resultClass", "skip"));
        }
        figures.add(figure("RTO: declaration to a restored and verified database", d.rtoMillis(), d.rtoTargetMillis(),
                "RTO", d.misses()));
        figures.add(figure("RPO at the declaration (newest point " + d.newestPointId() + ")", d.rpoMillis(),
                d.rpoTargetMillis(), "RPO at the declaration", d.misses()));
        figures.add(figure(worstOver(d)
                + (d.worstGapFrom() == null ? "" : " (" + TIME.format(d.worstGapFrom()) + " to " + TIME.format(d.worstGapTo()) + ")"),
                d.worstRpoMillis(), d.rpoTargetMillis(), "worst RPO over the window", d.misses()));
        figures.add(Map.of("name", "RPO of the newest point a restore had proved whole" + (d.verifiedPointId() == null
                        ? "" : " (" + d.verifiedPointId() + ")"),
                "value", d.rpoVerifiedMillis() == null ? "none had been" : Durations.human(d.rpoVerifiedMillis()),
                "target", Durations.human(d.rpoTargetMillis()), "result", "for information", "resultClass", ""));
        m.put("figures", figures);
        m.put("traffic", d.traffic() == null ? null : String.format(Locale.ROOT,
                "%.0f scans per second asked; %,d scans, %,d status changes, %,d new shipments, %,d cancellations written",
                d.traffic().rate(), d.traffic().events(), d.traffic().statusUpdates(), d.traffic().newShipments(),
                d.traffic().deletes()));
        m.put("serving", servingLine(d));
        Report.ServingTraffic t = d.serving() == null ? null : d.serving().traffic();
        m.put("servingTraffic", t == null ? null : String.format(Locale.ROOT,
                "%.0f lookups and scans per second asked; %,d waybill lookups and %,d scans, %,d failed (goal: none);"
                        + " lookup latency p50 %s, p99 %s",
                t.rate(), t.lookups(), t.scans(), t.failed(), latency(t.lookupP50Millis()), latency(t.lookupP99Millis())));
        m.put("runbook", d.runbook().stream().map(step -> Map.of("title", step.title(),
                "commands", String.join("\n", step.commands()), "hasCommands", !step.commands().isEmpty())).toList());
        return m;
    }

    private static Map<String, Object> failover(Report.Failover f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("declaredAt", TIME.format(f.declaredAt()));
        m.put("standby", f.standbyDatabase());
        m.put("copy", f.copyDatabase() + (f.kept() ? " (kept)" : " (dropped afterwards)"));
        List<Map<String, String>> figures = new ArrayList<>();
        figures.add(figure("Failover RTO: declaration to the standby's copy promoted and proven", f.rtoMillis(),
                f.rtoTargetMillis(), "RTO", f.misses()));
        figures.add(Map.of("name", "of which copying the standby (a real failover promotes the standby itself)",
                "value", Durations.human(f.copyMillis()), "target", "", "result", "for information", "resultClass", ""));
        figures.add(Map.of("name", "Restore RTO of the latest restore drill" + (f.restoreDrillDeclaredAt() == null ? ""
                        : " (declared " + TIME.format(f.restoreDrillDeclaredAt()) + (f.restoreDrillReportId() == null ? ""
                                : ", report " + f.restoreDrillReportId()) + ")"),
                "value", f.restoreDrillRtoMillis() == null ? "no restore drill has reached one"
                        : Durations.human(f.restoreDrillRtoMillis()),
                "target", Durations.human(f.rtoTargetMillis()), "result", "for comparison", "resultClass", ""));
        figures.add(figure("RPO at the declaration (the standby's point)", f.rpoMillis(), f.rpoTargetMillis(),
                "RPO", f.misses()));
        m.put("figures", figures);
        m.put("runbook", f.runbook().stream().map(step -> Map.of("title", step.title(),
                "commands", String.join("\n", step.commands()), "hasCommands", !step.commands().isEmpty())).toList());
        return m;
    }

    /** Why a drill has no RTO to serving: said in words, since absent is not zero. */
    static final String NO_TIERS = "the point has no tiers (drkit.tiers.hot), so its database served only when complete";

    private static String servingLine(Report.Drill d) {
        Report.Serving s = d.serving();
        if (s == null) {
            return d.rtoServingTargetMillis() == null ? null : "No RTO to serving: " + NO_TIERS + ".";
        }
        long held = s.checks().stream().filter(c -> Boolean.TRUE.equals(c.passed())).count();
        long ran = s.checks().stream().filter(c -> c.passed() != null).count();
        return String.format(Locale.ROOT, "The database served from %s: its hot tier (%,d rows in %d tables) %s, and %d"
                        + " of %d business checks marked at-serving held at that moment. The history loaded behind it.",
                TIME.format(s.servingAt()), s.hotRows(), s.hotTables(),
                s.proven() ? "equal to the backup's" : "NOT equal to the backup's, or a check failed", held, ran);
    }

    private static String latency(Double millis) {
        return millis == null ? "none (no lookup answered)" : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static Map<String, String> drillRow(Report r) {
        Report.Drill d = r.drill();
        return Map.ofEntries(Map.entry("declared", TIME.format(d.declaredAt())), Map.entry("point", r.points().get(0).id() + " (" + d.pointChoice() + ")"),
                Map.entry("rtoServing", d.serving() != null ? Durations.human(d.serving().rtoMillis())
                        : d.rtoMillis() == null ? "not reached" : "none (no tiers)"),
                Map.entry("rto", d.rtoMillis() == null ? "not reached" : Durations.human(d.rtoMillis())),
                Map.entry("rpo", d.rpoMillis() == null ? "—" : Durations.human(d.rpoMillis())),
                Map.entry("worst", d.worstRpoMillis() == null ? "—" : Durations.human(d.worstRpoMillis())
                        + (d.historyMillis() == null || d.historyMillis() >= d.windowMillis() ? ""
                                : " (over " + Durations.human(d.historyMillis()) + " of history)")),
                Map.entry("targets", "RPO " + Durations.human(d.rpoTargetMillis()) + (d.rtoServingTargetMillis() == null ? ""
                        : ", RTO to serving " + Durations.human(d.rtoServingTargetMillis()))
                        + ", RTO " + Durations.human(d.rtoTargetMillis())),
                Map.entry("missed", d.misses().isEmpty() ? "none" : String.join("; ", d.misses().stream().map(TargetMiss::figure).toList())),
                Map.entry("verdict", r.passed() ? "passed" : "FAILED"), Map.entry("verdictClass", r.passed() ? "pass" : "fail"),
                Map.entry("href", ReportArchive.relative(r.reportId()) + ".html"));
    }

    private static Map<String, String> figure(String name, Long measured, long target, String figure,
            List<TargetMiss> misses) {
        Optional<TargetMiss> miss = misses.stream().filter(x -> x.figure().equals(figure)).findFirst();
        String result = measured == null && miss.isEmpty() ? "not measured"
                : miss.map(x -> x.overByMillis() == null ? "MISSED: could not be measured"
                        : "MISSED by " + Durations.human(x.overByMillis())).orElse("met");
        return Map.of("name", name, "value", measured == null ? "—" : Durations.human(measured),
                "target", Durations.human(target), "result", result,
                "resultClass", miss.isPresent() ? "fail" : measured == null ? "skip" : "pass");
    }

    private static List<Map<String, String>> measures(Report r) {
        List<Map<String, String>> m = new ArrayList<>();
        Report.Measures x = r.measures();
        if (x == null) {
            return m;
        }
        if (x.pointAgeSeconds() != null) {
            m.add(Map.of("name", "Age of the point when checked (the RPO this evidences)",
                    "value", Durations.human(x.pointAgeSeconds() * 1000), "target", Durations.human(x.rpoTargetSeconds() * 1000),
                    "result", x.pointAgeSeconds() <= x.rpoTargetSeconds() ? "within target" : "over target"));
        }
        if (x.restoreSeconds() != null) {
            m.add(Map.of("name", "Time to a restored database (the RTO this evidences)",
                    "value", Durations.human(x.restoreSeconds() * 1000), "target", Durations.human(x.rtoTargetSeconds() * 1000),
                    "result", x.restoreSeconds() <= x.rtoTargetSeconds() ? "within target" : "over target"));
        }
        return m;
    }

    private static String title(Report.Kind kind) {
        return switch (kind) {
            case VERIFY_OBJECTS -> "Repository verification";
            case VERIFY_RESTORE -> "Restore verification";
            case RESTORE -> "Restore";
            case DRILL -> "Disaster-recovery drill";
            case FAILOVER_DRILL -> "Failover drill";
        };
    }

    private static List<String> explanation(Report.Kind kind) {
        return switch (kind) {
            case VERIFY_OBJECTS -> List.of(
                    "Each recovery point's manifest (its list of contents) was read and checked to be well formed.",
                    "Every stored file it lists was read in full from the object store: its size and SHA-256 checksum "
                            + "must equal the manifest's, and it must decrypt and decompress to the end.",
                    "Files stored under a point that its manifest does not list are reported as orphans.");
            case VERIFY_RESTORE -> List.of(
                    "The recovery point was restored into a new, empty scratch database, checking every file's "
                            + "SHA-256 checksum and row count on the way.",
                    "Every restored table was read back: its row count and content digest (a fingerprint of all "
                            + "its rows, in any order) must equal those recorded when the backup was taken.",
                    "Every constraint (not null, primary key, unique, foreign key, check) was proven by looking for "
                            + "rows that break it; every B-tree index was checked against its table with amcheck.",
                    "The tables' definitions were compared with the source's at backup time; so were every "
                            + "object's owner, grants, policies and row-level security, the roles they name and their "
                            + "memberships, the database's settings and its extensions.",
                    "The business checks of the configuration were run. The scratch database was then dropped.");
            case DRILL -> List.of(
                    "A disaster was declared when the drill started; from that moment the clock ran.",
                    "The chosen recovery point was restored into a new, empty scratch database, every file checked "
                            + "against its SHA-256 checksum and row count on the way.",
                    "The restore was then proven as a restore verification does: every table read back against the "
                            + "backup's row counts and content digests, constraints, indexes (amcheck), schema, "
                            + "owners and privileges, and business checks. The clock stopped there: that is the RTO.",
                    "The RPO is what a disaster at the declaration would have lost: the time since the newest "
                            + "recovery point. The figures are compared with the configured targets.");
            case FAILOVER_DRILL -> List.of(
                    "A disaster was declared when the drill started; from that moment the clock ran.",
                    "Instead of a restore, the standby (a database drkit keeps at the newest point by applying each "
                            + "point from the repository and proving it) answered: a copy of it was made, so that the "
                            + "standby itself stays a standby, and the copy was promoted.",
                    "The copy was proven: it stands at the point the standby's ledger names, its tables have the "
                            + "shapes of that point's schema fingerprint (their rows were proven as each point was "
                            + "applied), and it takes a write. The clock stopped there: that is the failover RTO, shown "
                            + "beside the RTO of the latest restore drill.",
                    "The RPO is what a failover at the declaration would have lost: the time since the standby's "
                            + "point. The figures are compared with the configured targets.");
            case RESTORE -> List.of("The recovery point was restored into the database named below; every file "
                    + "was checked against its SHA-256 checksum and row count as it was loaded.",
                    "Unless turned off (--no-owner, --no-privileges), the roles its objects name were created where "
                            + "missing (without LOGIN, unless their passwords were asked for) and owners and grants were "
                            + "applied as recorded; so were the database's settings.");
        };
    }

    private static String shortDigest(String digest) {
        return digest == null ? "" : digest.substring(0, Math.min(16, digest.length())) + "…";
    }


    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static Template template(String name) {
        try (InputStream in = ReportHtml.class.getResourceAsStream(name);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Mustache.compiler().defaultValue("").compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.drkit.cli.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.cli.Output;
import io.drkit.cli.json.JsonDocuments;
import io.drkit.cli.json.TargetMissView;
import io.drkit.cli.report.ReportLink;
import io.drkit.cli.report.ReportPublisher;
import io.drkit.core.config.DrkitProperties;
import io.drkit.drill.DrillHistory;
import io.drkit.drill.DrillHistory.PastDrill;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.PointId;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.JobOutcome.Figure;
import io.drkit.core.objectives.Durations;
import io.drkit.core.objectives.TargetMiss;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.report.Report;
import io.drkit.report.ReportService;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.standby.StandbyService;
import io.drkit.standby.StandbySettings;

/**
 * {@code drill --failover}: the standby's copy promoted, with its RTO beside the latest restore drill's,
 * written up as a report (kind {@code failover-drill}) and kept in the drill history.
 */
@Component
public class FailoverDrill {

    /**
     * {@code drill --failover --json} (docs/json/drill-failover.schema.json).
     *
     * @param standbyDatabase the standby the copy was made of (it is not promoted)
     * @param copyDatabase the copy that was promoted and proven
     * @param copySeconds the part of the RTO spent copying the standby (a real failover does not copy)
     * @param restoreDrillDeclaredAt when the latest restore drill that reached an RTO was declared, or null
     * @param restoreDrillRtoSeconds the RTO of that restore drill, or null when none reached one
     * @param misses the targets the failover missed, with by how much
     * @param report where the failover drill's report went
     */
    public record FailoverDocument(Report.Verdict verdict, String standbyDatabase, String copyDatabase, boolean kept,
            PointId pointId, Instant pointTime, Instant declaredAt, Duration rtoSeconds, Duration copySeconds,
            Duration rpoSeconds, Instant restoreDrillDeclaredAt, Duration restoreDrillRtoSeconds,
            List<TargetMissView> misses, @JsonInclude(JsonInclude.Include.NON_NULL) ReportLink report) {}

    private final ObjectProvider<StandbyService> standby;
    private final StandbySettings settings;
    private final DrkitProperties properties;
    private final ObjectProvider<DrillHistory> history;
    private final ObjectProvider<RepositoryOpener> opener;
    private final ObjectProvider<ReportService> reports;

    public FailoverDrill(ObjectProvider<StandbyService> standby, StandbySettings settings, DrkitProperties properties,
            ObjectProvider<DrillHistory> history, ObjectProvider<RepositoryOpener> opener,
            ObjectProvider<ReportService> reports) {
        this.standby = standby;
        this.settings = settings;
        this.properties = properties;
        this.history = history;
        this.opener = opener;
        this.reports = reports;
    }

    /** A failover drill's exit code and the figures it publishes. */
    record Ran(int exitCode, JobOutcome outcome) {}

    /**
     * A failover drill done and written up, not yet published.
     *
     * @param restoreDrill the latest restore drill that reached an RTO, or null
     * @param lines what an operator reads
     */
    public record Measured(StandbyService.Failover failover, Report draft, PastDrill restoreDrill, List<String> lines) {

        public int exitCode() {
            return draft.passed() ? 0 : ExitCode.TARGET_MISSED.code();
        }

        /** The {@code --json} document, given where the report went. */
        public FailoverDocument document(ReportLink link) {
            Report.Failover x = draft.failover();
            return new FailoverDocument(draft.verdict(), x.standbyDatabase(), failover.copy(), failover.kept(),
                    failover.pointId(), failover.pointTime(), failover.declaredAt(), JsonDocuments.millis(x.rtoMillis()),
                    JsonDocuments.millis(x.copyMillis()), JsonDocuments.millis(x.rpoMillis()),
                    restoreDrill == null ? null : restoreDrill.declaredAt(),
                    restoreDrill == null ? null : JsonDocuments.millis(restoreDrill.rtoMillis()),
                    TargetMissView.of(x.misses()), link);
        }
    }

    Ran run(boolean keep, Output output) {
        if (settings.targetUrl() == null) {
            throw DrkitException.usage("drill --failover: no standby: set drkit.standby.target-url (DRKIT_STANDBY_TARGETURL)");
        }
        Measured m = drill(JdbcUrl.parse(settings.targetUrl()), keep);
        AtomicReference<String> reportId = new AtomicReference<>();
        int code = ReportPublisher.publish(reports.getObject(), m.draft(), output, m::document, m.lines(), m.exitCode(),
                true, stored -> reportId.set(stored.report().reportId()));
        record(m, reportId.get());
        Report.Failover x = m.draft().failover();
        JobOutcome outcome = JobOutcome.of(JobName.FAILOVER_DRILL).label("point", m.failover().pointId().value())
                .label("verdict", m.draft().verdict().label())
                .with(Figure.RTO, x.rtoMillis() / 1000.0).with(Figure.RPO, x.rpoMillis() / 1000.0)
                .with(Figure.RTO_TARGET, x.rtoTargetMillis() / 1000.0).with(Figure.RPO_TARGET, x.rpoTargetMillis() / 1000.0);
        if (reportId.get() != null) {
            outcome = outcome.label("report", reportId.get());
        }
        return new Ran(code, outcome);
    }

    /** Declares the disaster, promotes and proves a copy of {@code standby}, and writes it up beside the latest restore drill. */
    public Measured drill(JdbcUrl standbyUrl, boolean keep) {
        StandbyService.Failover f = standby.getObject().failoverDrill(standbyUrl, keep, line -> System.err.println(line));
        Instant finished = Instant.now();
        PastDrill restoreDrill = history.getObject().newest(opener.getObject().identity(), 20).stream()
                .filter(d -> d.rtoMillis() != null).findFirst().orElse(null);
        DrkitProperties.Targets targets = properties.targets();
        List<TargetMiss> misses = new TargetMiss.Judge().check("RTO", f.rto(), targets.rto())
                .check("RPO", f.rpo(), targets.rpo()).misses();
        Report.Failover figures = new Report.Failover(f.declaredAt(), standbyUrl.database(), f.copy(), f.kept(),
                f.rto().toMillis(), f.copyTook().toMillis(), f.rpo().toMillis(), targets.rpo().toMillis(),
                targets.rto().toMillis(), misses, restoreDrill == null ? null : restoreDrill.rtoMillis(),
                restoreDrill == null ? null : restoreDrill.declaredAt(),
                restoreDrill == null ? null : restoreDrill.reportId(), runbook(standbyUrl, targets.rpo()));
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("copy the standby", f.copyTook().toMillis());
        phases.put("promote and prove the copy", f.proofTook().toMillis());
        Report draft = reports.getObject().factory().failover(f.point(), proofs(f), finished, phases, figures);

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "failover drill: %s (a copy of standby %s at point %s) promoted "
                + "and proven; RTO %s (%s of it copying the standby, which a real failover does not), RPO %s",
                f.copy(), standbyUrl.database(), f.pointId(), Durations.human(f.rto()), Durations.human(f.copyTook()),
                Durations.human(f.rpo())));
        lines.add(restoreDrill == null ? "no restore drill has reached an RTO yet to compare with (drkit drill)"
                : "the latest restore drill (" + restoreDrill.declaredAt() + ", point " + restoreDrill.pointId() + "): RTO "
                        + Durations.human(restoreDrill.rtoMillis()));
        misses.forEach(miss -> lines.add("target missed: " + miss));
        lines.add(keep ? "the promoted copy " + f.copy() + " is kept (drop it when done)" : "the promoted copy is dropped");
        return new Measured(f, draft, restoreDrill, lines);
    }

    /**
     * A failover drill published without a command's output (the demo's): its report stored and the drill kept.
     *
     * @param where the report's local page, or why it could not be stored
     */
    public record Written(Measured measured, ReportLink link, String where) {}

    /** Drills as {@link #drill}, stores the report and keeps the drill in the history. */
    public Written drillAndPublish(JdbcUrl standbyUrl, boolean keep) {
        Measured m = drill(standbyUrl, keep);
        try {
            ReportService.Published p = reports.getObject().publish(m.draft());
            record(m, p.report().reportId());
            return new Written(m, new ReportLink.Stored(p.report().reportId(), p.key(), p.localHtml().toString()),
                    p.localHtml().toString());
        } catch (DrkitException | java.io.UncheckedIOException e) {
            record(m, null);
            return new Written(m, new ReportLink.NotStored(e.getMessage()), "not stored: " + e.getMessage());
        }
    }

    /** Keeps the failover drill in the drill history, with its report when one was stored. */
    public void record(Measured m, String reportId) {
        history.getObject().recordFailover(opener.getObject().identity(), m.draft(), reportId);
    }

    /** What the promoted copy was proven by; each held, or the drill would have stopped with exit 3. */
    private static List<Report.CheckRow> proofs(StandbyService.Failover f) {
        long millis = f.proofTook().toMillis();
        return List.of(
                new Report.CheckRow("failover", "point", true, "the copy's ledger names point " + f.pointId()
                        + ", the standby's", 0),
                new Report.CheckRow("failover", "schema fingerprint", true, "the copy's tables have the shapes of point "
                        + f.pointId() + "'s schema fingerprint (their rows were proven as each point was applied)", millis),
                new Report.CheckRow("failover", "writable", true, "the promoted copy took a write", 0));
    }

    /** Failing over for real: the standby itself promoted. No password: it comes from the secret store. */
    private static List<Report.Step> runbook(JdbcUrl standby, Duration rpoTarget) {
        String url = "jdbc:postgresql://" + standby.host() + ":" + standby.port() + "/" + standby.database();
        return List.of(
                new Report.Step("Make sure the failed primary takes no more writes (stop it, or cut it off).", List.of()),
                new Report.Step("Promote the standby: it stops following, applies any point that has landed, sets the"
                        + " sequences and becomes writable. It refuses when further behind than --max-lag; --force"
                        + " promotes anyway.", List.of("drkit standby --promote --target-url '" + url + "' --max-lag "
                                + rpoTarget.toSeconds() + "s")),
                new Report.Step("Point the applications at the promoted standby (the server and database of the"
                        + " --target-url above).", List.of()),
                new Report.Step("Start backing up the promoted database and take a new standby from its first full point.",
                        List.of("drkit backup --full", "drkit standby --target-url 'NEW-STANDBY-URL' --follow")));
    }
}

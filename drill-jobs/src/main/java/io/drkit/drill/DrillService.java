package io.drkit.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.objectives.Durations;
import io.drkit.core.objectives.TargetMiss;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.prune.PruneService;
import io.drkit.report.Report;
import io.drkit.report.ReportService;
import io.drkit.report.VerifiedPoints;
import io.drkit.core.repository.PointChain;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.retention.RetentionPolicy.Decision;
import io.drkit.tracking.BackgroundTraffic;
import io.drkit.tracking.ServingFigures;
import io.drkit.tracking.SimulationStats;
import io.drkit.verify.restore.RestoreVerification;
import io.drkit.verify.restore.RestoreVerifyService;

/**
 * {@code drkit drill}: a simulated disaster. The clock starts at the declaration; the drill takes a
 * point, restores it into a scratch database and proves it as {@code verify --restore} does, and the
 * clock stops there: that is the RTO. The RPO figures are those at the declaration.
 */
@Service
public class DrillService {

    /** The figure a missed {@code drkit.targets.rto-serving} is named by. */
    public static final String RTO_SERVING = "RTO to serving";

    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final RestoreVerifyService verifier;
    private final VerifiedPoints verifiedPoints;
    private final DrillHistory history;
    private final ReportService reports;
    private final PruneService retention;

    public DrillService(RuntimeSettings settings, RepositoryOpener opener, RestoreVerifyService verifier,
            VerifiedPoints verifiedPoints, DrillHistory history, ReportService reports, PruneService retention) {
        this.settings = settings;
        this.opener = opener;
        this.verifier = verifier;
        this.verifiedPoints = verifiedPoints;
        this.history = history;
        this.reports = reports;
        this.retention = retention;
    }

    public DrillResult drill(DrillRequest request, ProgressReporter reporter, Consumer<String> log) {
        DrkitProperties.Targets targets = settings.properties().targets();
        PhaseClock clock = new PhaseClock(request.declaredAt());
        clock.lap("start-up (drkit and its connections)");
        BackgroundTraffic traffic = request.trafficRate() == null ? null
                : BackgroundTraffic.start(settings.sourceUrl(), request.trafficRate());
        // opened once: the point the assessment chooses is the one restored, read from the same repository
        try (PointRepository repository = verifier.open()) {
            DrillAssessment assessment;
            List<Report.Step> runbook;
            List<Manifest> points = repository.points();
            RepositoryIdentity identity = repository.identity();
            Set<PointId> retained = retention.decisions(identity, points).stream().filter(Decision::keep)
                    .map(d -> d.point().id()).collect(Collectors.toSet());
            assessment = DrillAssessment.at(request.declaredAt(), request, points, retained,
                    targets.window(), verifiedPoints.newest(identity, request.declaredAt()), identity.uri());
            runbook = Runbook.forPoint(assessment.point(),
                    PointChain.of(repository, assessment.point()).full().pointId(), identity.uri(),
                    settings.s3Endpoint(), assessment.point().codec().encryption() != null);
            clock.lap("assess (points, RPO, choice of point)");
            log.accept("drill: disaster declared at " + request.declaredAt() + "; restoring " + assessment.choice()
                    + " point " + assessment.point().pointId());
            RestoreVerification verification = null;
            DrkitException failure = null;
            ServingWatch serving = new ServingWatch(request, settings, assessment.point(), log);
            try {
                verification = verifier.verify(repository, assessment.point(), request.keep(), serving.stages(),
                        reporter, log);
            } catch (DrkitException e) {
                if (e.exitCode() == ExitCode.USAGE || e.exitCode() == ExitCode.LOCKED) {
                    throw e;
                }
                failure = e;
            } finally {
                serving.close();
            }
            Long rto = null;
            if (verification == null) {
                clock.lap("restore and verification, until they failed");
            } else {
                rto = clock.finish(verification.started().plus(verification.duration()), phasesOf(verification),
                        "job bookkeeping (scratch database, job repository, connections)");
            }
            SimulationStats load = traffic == null ? null : traffic.stop();
            ServingStage stage = serving.stage();
            List<TargetMiss> misses = judge(assessment, stage, rto, targets);
            Instant finished = Instant.now();
            DrillResult result = new DrillResult(request, assessment, finished, verification, failure, clock.phases(), rto,
                    misses, load, stage, null);
            return result.withReport(DrillReport.draft(result, reports.factory(), targets, runbook));
        } finally {
            if (traffic != null) {
                traffic.close();
            }
        }
    }

    /** Keeps the drill in the catalog's history, with the id of its stored report (null when it could not be stored). */
    public void record(DrillResult result, String reportId) {
        history.record(opener.identity(), result, reportId);
    }

    /** The restore's and the verification's own phases, in the order they ran. */
    private static Map<String, Long> phasesOf(RestoreVerification v) {
        Map<String, Long> phases = new LinkedHashMap<>();
        v.restore().phases().forEach((k, ms) -> phases.put("restore: " + k, ms));
        v.phases().forEach((k, ms) -> {
            if (!k.equals("restore")) {
                phases.put("verify: " + k, ms);
            }
        });
        return phases;
    }

    /** A drill that never got a verified database has no RTO to judge: its failure is the news. */
    private static List<TargetMiss> judge(DrillAssessment a, ServingStage serving, Long rto,
            DrkitProperties.Targets targets) {
        TargetMiss.Judge judge = new TargetMiss.Judge()
                .check("RPO at the declaration", a.rpo(), targets.rpo())
                .check("worst RPO over the window", a.worst() == null ? null : a.worst().length(), targets.rpo());
        if (serving != null) {
            judge.check(RTO_SERVING, Duration.ofMillis(serving.rtoMillis()), targets.rtoServing());
        }
        if (rto != null) {
            judge.check("RTO", Duration.ofMillis(rto), targets.rto());
        }
        return judge.misses();
    }

    static String latency(Double millis) {
        return millis == null ? "none (no lookup answered)" : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    /** The figures in a few lines, for the terminal. */
    public static List<String> lines(DrillResult r) {
        List<String> lines = new ArrayList<>();
        lines.add((r.passed() ? "passed: " : "FAILED: ") + r.report().summary());
        ServingStage serving = r.serving();
        if (serving != null) {
            lines.add("RTO to serving " + Durations.human(serving.rtoMillis()) + " (serving at " + serving.servingAt()
                    + "; hot tier of " + serving.proof().hotRows() + " rows " + (serving.proof().passed()
                            ? "equal to the backup's" : "NOT equal to the backup's") + ")");
            if (serving.traffic() != null) {
                ServingFigures t = serving.traffic();
                lines.add(String.format(Locale.ROOT, "traffic while history loaded: %d lookups, %d scans, %d failed;"
                                + " lookup latency p50 %s, p99 %s", t.lookups(), t.scans(), t.failed(),
                        latency(t.lookupP50Millis()), latency(t.lookupP99Millis())));
            }
        } else if (r.verification() != null) {
            lines.add("RTO to serving: none (the point has no tiers: the database served only when complete)");
        }
        if (r.rtoMillis() != null) {
            lines.add((serving != null ? "RTO to complete " : "RTO ") + Durations.human(r.rtoMillis()) + " = "
                    + String.join(" + ", r.phases().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue() + " ms").toList()));
        }
        lines.add(String.format(Locale.ROOT, "RPO at the declaration %s (newest point %s)%s; worst over the window %s",
                r.assessment().rpo() == null ? "unknown" : Durations.human(r.assessment().rpo()),
                r.assessment().newest().pointId(),
                r.assessment().rpoVerified() == null ? "; no point had been verified by a restore"
                        : "; newest verified point " + Durations.human(r.assessment().rpoVerified()),
                r.assessment().worst() == null ? "unknown" : Durations.human(r.assessment().worst().length())));
        r.report().problems().forEach(p -> lines.add("  " + p));
        r.report().warningsOrNone().forEach(w -> lines.add("warning: " + w));
        return lines;
    }
}

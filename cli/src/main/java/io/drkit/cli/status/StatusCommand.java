package io.drkit.cli.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.cli.Output;
import io.drkit.core.error.ExitCode;
import io.drkit.core.objectives.Durations;
import io.drkit.core.alert.AlertPublisher;
import io.drkit.standby.StandbyCatalog;
import io.drkit.status.Status;
import io.drkit.status.StatusService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The current RPO against its target, exit 4 when it is missed (so any monitoring system",
            "can call this). Also the newest point a restore proved whole, the last success and failure of",
            "each job, the last drill, and the WAL the incremental chain's replication slot holds back",
            "on the source (a warning, then an alert, above drkit.incremental.slot-warning / slot-alert)."})
public class StatusCommand implements Callable<Integer> {

    @Mixin
    Output output;

    private final ObjectProvider<StatusService> service;
    private final AlertPublisher alerts;
    private final ObjectProvider<StandbyLines> standbys;

    public StatusCommand(ObjectProvider<StatusService> service, AlertPublisher alerts,
            ObjectProvider<StandbyLines> standbys) {
        this.service = service;
        this.alerts = alerts;
        this.standbys = standbys;
    }

    @Override
    public Integer call() {
        Status s = service.getObject().now();
        List<String> lines = new ArrayList<>();
        lines.add(s.rpoMillis() == null
                ? "RPO target MISSED: " + s.repository() + " holds no recovery point"
                : String.format(Locale.ROOT, "RPO %s %s its target of %s (newest point %s)",
                        Durations.human(s.rpoMillis()), s.rpoMet() ? "is within" : "MISSES", Durations.human(s.rpoTargetMillis()),
                        s.newestPointId()));
        lines.add(s.verifiedPointId() == null ? "no point has been proven whole by a restore yet (drkit drill, drkit verify --restore)"
                : String.format(Locale.ROOT, "newest point proven whole by a restore: %s (RPO %s)", s.verifiedPointId(),
                        Durations.human(s.rpoVerifiedMillis())));
        if (s.worstRpoMillis() != null) {
            lines.add("worst RPO over the last " + Durations.human(s.windowMillis()) + ": " + Durations.human(s.worstRpoMillis()));
        }
        int width = s.jobs().stream().mapToInt(j -> j.job().length()).max().orElse(0);
        for (Status.JobRuns j : s.jobs()) {
            lines.add(String.format(Locale.ROOT, "%-" + width + "s  last success %-20s  last failure %s", j.job(),
                    when(j.lastSuccess()), when(j.lastFailure())));
        }
        if (s.lastDrill() != null) {
            lines.add(String.format(Locale.ROOT, "last drill %s: %s, RTO to serving %s, RTO %s (target %s)%s",
                    s.lastDrill().declaredAt(), s.lastDrill().verdict(),
                    s.lastDrill().rtoServingMillis() == null ? "none (no tiers)"
                            : Durations.human(s.lastDrill().rtoServingMillis()) + " (target "
                                    + Durations.human(s.rtoServingTargetMillis()) + ")",
                    s.lastDrill().rtoMillis() == null ? "not reached" : Durations.human(s.lastDrill().rtoMillis()),
                    Durations.human(s.rtoTargetMillis()),
                    s.lastDrill().targetsMissed().isEmpty() ? "" : "; " + s.lastDrill().targetsMissed()));
        }
        if (s.slot() != null) {
            lines.add((s.slot().level().equals("OK") ? "" : s.slot().level() + ": ") + s.slot().message());
            if (s.slot().level().equals("ALERT")) {
                alerts.condition(JobOutcome.of(JobName.STATUS), s.slot().message(), System.err::println);
            }
        }
        List<StandbyCatalog.Standby> standbyList = standbys.getObject().all();
        lines.addAll(standbys.getObject().lines(s, standbyList));
        for (Status.Slot left : s.leftovers()) {
            lines.add("ALERT: " + left.message());
            alerts.condition(JobOutcome.of(JobName.STATUS), left.message(), System.err::println);
        }
        output.result(StatusDocument.of(s, standbyList), lines.toArray(String[]::new));
        return s.rpoMet() ? 0 : ExitCode.TARGET_MISSED.code();
    }

    private static String when(Instant t) {
        return t == null ? "never" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}

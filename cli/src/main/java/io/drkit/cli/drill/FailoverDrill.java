package io.drkit.cli.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.drkit.cli.Output;
import io.drkit.cli.json.JsonDocuments;
import io.drkit.drill.DrillHistory;
import io.drkit.drill.DrillHistory.PastDrill;
import io.drkit.error.DrkitException;
import io.drkit.objectives.Durations;
import io.drkit.pg.JdbcUrl;
import io.drkit.repository.RepositoryOpener;
import io.drkit.standby.StandbyService;
import io.drkit.standby.StandbySettings;

/** {@code drill --failover}: the standby's copy promoted, with its RTO beside the latest restore drill's. */
@Component
class FailoverDrill {

    /**
     * {@code drill --failover --json} (docs/json/drill-failover.schema.json).
     *
     * @param standbyDatabase the standby the copy was made of (it is not promoted)
     * @param copyDatabase the copy that was promoted and proven
     * @param restoreDrillDeclaredAt when the latest restore drill that reached an RTO was declared, or null
     * @param restoreDrillRtoSeconds the RTO of that restore drill, or null when none reached one
     */
    record FailoverDocument(String standbyDatabase, String copyDatabase, boolean kept, String pointId, Instant pointTime,
            Instant declaredAt, Duration rtoSeconds, Duration rpoSeconds, Instant restoreDrillDeclaredAt,
            Duration restoreDrillRtoSeconds) {}

    private final ObjectProvider<StandbyService> standby;
    private final StandbySettings settings;
    private final ObjectProvider<DrillHistory> history;
    private final ObjectProvider<RepositoryOpener> opener;

    FailoverDrill(ObjectProvider<StandbyService> standby, StandbySettings settings, ObjectProvider<DrillHistory> history,
            ObjectProvider<RepositoryOpener> opener) {
        this.standby = standby;
        this.settings = settings;
        this.history = history;
        this.opener = opener;
    }

    int run(boolean keep, Output output) {
        if (settings.targetUrl() == null) {
            throw DrkitException.usage("drill --failover: no standby: set drkit.standby.target-url (DRKIT_STANDBY_TARGETURL)");
        }
        StandbyService.Failover f = standby.getObject().failoverDrill(JdbcUrl.parse(settings.targetUrl()), keep,
                line -> System.err.println(line));
        PastDrill restoreDrill = history.getObject().newest(opener.getObject().identity(), 20).stream()
                .filter(d -> d.rtoMillis() != null).findFirst().orElse(null);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(java.util.Locale.ROOT, "failover drill: %s (a copy of standby %s at point %s) promoted "
                + "and proven; RTO %s, RPO %s", f.copy(), f.standby(), f.pointId(), Durations.human(f.rto()),
                Durations.human(f.rpo())));
        lines.add(restoreDrill == null ? "no restore drill has reached an RTO yet to compare with (drkit drill)"
                : "the latest restore drill (" + restoreDrill.declaredAt() + ", point " + restoreDrill.pointId() + "): RTO "
                        + Durations.human(restoreDrill.rtoMillis()));
        lines.add(keep ? "the promoted copy " + f.copy() + " is kept (drop it when done)" : "the promoted copy is dropped");
        output.result(new FailoverDocument(f.standby(), f.copy(), f.kept(), f.pointId(), f.pointTime(), f.declaredAt(),
                f.rto(), f.rpo(), restoreDrill == null ? null : restoreDrill.declaredAt(),
                restoreDrill == null ? null : JsonDocuments.millis(restoreDrill.rtoMillis())), lines.toArray(String[]::new));
        return 0;
    }
}

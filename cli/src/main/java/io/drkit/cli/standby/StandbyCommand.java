package io.drkit.cli.standby;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.convert.DurationStyle;

import io.drkit.cli.JobCommand;
import io.drkit.cli.Output;
import io.drkit.core.error.DrkitException;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.JobOutcome.Figure;
import io.drkit.core.metrics.MetricsPublisher;
import io.drkit.core.objectives.Durations;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.standby.StandbyService;
import io.drkit.standby.StandbySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "standby", mixinStandardHelpOptions = true,
        description = {"Keep a database at the newest recovery point by applying each point from DRKIT_REPOSITORY",
            "(not from the source), proving each as it is applied: the tables it touched against its row counts and",
            "digests, the tables' shapes against its schema fingerprint. The first run restores the newest point into",
            "the empty target; the target is read-only (default_transaction_read_only) while it follows. A new full",
            "point is restored beside it and swapped in by rename (sessions on the standby are terminated then).",
            "A point that does not prove is not applied: following stops, exit 3, naming the table.",
            "--promote stops the follower, applies what has landed, sets sequences and makes the database writable."})
public class StandbyCommand implements Callable<Integer>, JobCommand {

    @Mixin
    Output output;

    @Option(names = "--target-url", paramLabel = "JDBC",
            description = "The standby database (default: drkit.standby.target-url). Empty the first time.")
    String targetUrl;

    @Option(names = "--follow", description = "Keep following: look for new points every drkit.standby.poll (30s) "
            + "until a promotion or SIGTERM stops it.")
    boolean follow;

    @Option(names = "--once", description = "Apply and prove what has landed, then exit (0, or 3 on a mismatch).")
    boolean once;

    @Option(names = "--promote", description = "Stop following and make the standby the database applications use.")
    boolean promote;

    @Option(names = "--max-lag", paramLabel = "DURATION",
            description = "With --promote: refuse (exit 2) when the standby is further behind the newest point, e.g. 15m.")
    String maxLag;

    @Option(names = "--force", description = "With --promote: promote however far behind the standby is.")
    boolean force;

    private final ObjectProvider<StandbyService> service;
    private final ObjectProvider<StandbySettings> settings;
    private final ObjectProvider<MetricsPublisher> metrics;
    private JobOutcome outcome;

    public StandbyCommand(ObjectProvider<StandbyService> service, ObjectProvider<StandbySettings> settings,
            ObjectProvider<MetricsPublisher> metrics) {
        this.service = service;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public JobOutcome outcome() {
        return outcome;
    }

    @Override
    public Integer call() {
        outcome = JobOutcome.of(JobName.STANDBY);
        JdbcUrl target = target();
        if (!promote && (maxLag != null || force)) {
            throw DrkitException.usage("--max-lag and --force go with --promote");
        }
        if (promote && (follow || once)) {
            throw DrkitException.usage("--promote stops following: it goes without --follow and --once");
        }
        if (promote) {
            StandbyService.Promotion p = service.getObject().promote(target, lag(), force, System.err::println);
            outcome = outcome.with(Figure.STANDBY_LAG, p.lag().toMillis() / 1000.0).label("point", p.point().value());
            output.result(StandbyDocument.of(p), String.format(java.util.Locale.ROOT,
                    "promoted %s at point %s (%s): RPO %s (the age of that point now), promotion took %s; "
                            + "it is writable, sequences set, %d point(s) applied on the way",
                    target.database(), p.point(), p.pointTime(), Durations.human(p.rpo()), Durations.human(p.took()),
                    p.applied()));
            return 0;
        }
        Instant started = Instant.now();
        // a follower runs for weeks: its lag goes out after every round, not only when it ends
        StandbyService.Outcome o = service.getObject().run(target, follow, once, System.err::println,
                round -> metrics.getObject().publish(round.metrics(), 0, started, System.err::println));
        outcome = o.metrics();
        output.result(StandbyDocument.of(o), String.format(java.util.Locale.ROOT,
                "standby %s at point %s (%s), %s behind the newest point; %d point(s) applied and proven%s%s",
                target.database(), o.point(), o.pointTime(), Durations.human(o.lag()), o.applied(),
                o.rebuilt() ? ", rebuilt for a new chain" : "", o.stopped() ? "; stopped for a promotion" : ""));
        return 0;
    }


    private JdbcUrl target() {
        String url = targetUrl != null ? targetUrl : settings.getObject().targetUrl();
        if (url == null) {
            throw DrkitException.usage("standby: no target: give --target-url JDBC or set drkit.standby.target-url "
                    + "(DRKIT_STANDBY_TARGETURL)");
        }
        return JdbcUrl.parse(url);
    }

    private Duration lag() {
        if (maxLag == null) {
            return null;
        }
        try {
            return DurationStyle.detectAndParse(maxLag);
        } catch (IllegalArgumentException e) {
            throw DrkitException.usage("--max-lag: " + maxLag + " is not a duration such as 15m or 90s");
        }
    }
}

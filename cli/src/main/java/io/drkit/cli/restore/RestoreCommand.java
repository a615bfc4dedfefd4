package io.drkit.cli.restore;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.core.manifest.PointId;
import io.drkit.cli.JobCommand;
import io.drkit.cli.Output;
import io.drkit.cli.report.ReportPublisher;
import io.drkit.report.ReportService;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.restore.AccessOptions;
import io.drkit.restore.RestoreRequest;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.JobOutcome.Figure;
import io.drkit.restore.RestoreResult;
import io.drkit.restore.RestoreService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a recovery point of DRKIT_REPOSITORY into a new scratch database on the",
            "DRKIT_SCRATCH_URL server (dropped at the end unless --keep), or into an empty database.",
            "Never into the point's source, nor into a database that has tables. A restore that was",
            "killed or failed continues where it stopped when the same command runs again.",
            "Roles the point names are created where missing (NOLOGIN, never dropped; roles that exist are left "
                    + "as they are and differences reported); owners, grants and the database's settings are "
                    + "applied last."})
public class RestoreCommand implements Callable<Integer>, JobCommand {

    @Mixin
    Output output;

    @ArgGroup(exclusive = true)
    Which which;

    static class Which {
        @Option(names = "--point", paramLabel = "ID", description = "The point to restore (see drkit list).")
        PointId pointId;

        @Option(names = "--time", paramLabel = "ISO-8601",
                description = "The newest point at or before this time, e.g. 2026-11-25T03:00:00Z.")
        String time;
    }

    @Option(names = "--target-url", paramLabel = "JDBC", description = "An existing, empty database to restore into.")
    String targetUrl;

    @Option(names = "--tables", paramLabel = "SCHEMA.TABLE", split = ",",
            description = "Load only these tables' rows (a partitioned table means its partitions); "
                    + "foreign keys to the others are skipped and listed.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--keep", description = "Keep the scratch database when the restore ends.")
    boolean keep;

    @Option(names = "--all-at-once", description = "Restore a point with tiers (drkit.tiers.hot) in one stage, as "
            + "points without tiers are: the database serves only when everything is done. Without it such a point "
            + "is restored in two stages: the hot tier first, then the database serves while the cold tier loads.")
    boolean allAtOnce;

    @Option(names = "--on-serving", paramLabel = "CMD", description = "A shell command run at the serving moment of a "
            + "staged restore (DRKIT_SERVING_HOST, _PORT, _DATABASE, _USER and _JDBC_URL name the database); stage 2 "
            + "waits for it. Its failure is reported and does not stop the restore.")
    String onServing;

    @Option(names = "--no-owner", description = "Leave every object owned by the restoring user, rather than by "
            + "the role that owned it on the source (for a server where the roles mean something else).")
    boolean noOwner;

    @Option(names = "--no-privileges", description = "Apply no grants and no default privileges of the point.")
    boolean noPrivileges;

    @Option(names = "--with-role-passwords", description = "Create missing roles with LOGIN and their password "
            + "hashes, when the point holds them (drkit.backup.role-passwords); without it they are created NOLOGIN.")
    boolean withRolePasswords;

    /** Looked up when the command runs: the job machinery needs the catalog, which --help must not. */
    private final ObjectProvider<RestoreService> service;
    private final ObjectProvider<ReportService> reportService;
    private JobOutcome outcome;

    public RestoreCommand(ObjectProvider<RestoreService> service, ObjectProvider<ReportService> reportService) {
        this.service = service;
        this.reportService = reportService;
    }

    @Override
    public JobOutcome outcome() {
        return outcome;
    }

    @Override
    public Integer call() {
        outcome = JobOutcome.of(JobName.RESTORE);
        RestoreRequest request = new RestoreRequest(which == null ? null : which.pointId, time(),
                targetUrl == null ? null : JdbcUrl.parse(targetUrl), tables, keep, false,
                new AccessOptions(!noOwner, !noPrivileges, withRolePasswords)).allAtOnce(allAtOnce).onServing(onServing);
        if (output.json()) {
            JsonMapper events = JsonMapper.builder().build();
            request = request.servingListener(m -> {
                System.err.println(events.writeValueAsString(ServingEvent.of(m)));
                System.err.flush();
            });
        }
        Instant started = Instant.now();
        RestoreResult r = service.getObject().restore(request, output.progress(), line -> System.err.println(line));
        outcome = outcome.with(Figure.ROWS, r.rows()).with(Figure.BYTES_READ, r.point().storedBytes())
                .label("point", r.point().pointId().value());
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "restored point %s into %s%s: %d rows from %d parts in %.1f s",
                r.point().pointId(), r.database(), r.kept() ? "" : " (dropped again)", r.rows(), r.parts(),
                r.duration().toMillis() / 1000.0));
        if (r.point().incremental()) {
            lines.add(String.format(Locale.ROOT, "then %d changes of %d transactions%s", r.changeRows(),
                    r.point().changes().transactions(), r.until() == null ? ""
                            : ", applied up to the last transaction that committed at or before " + r.until()));
        }
        if (r.staged()) {
            lines.add("restored in two stages: serving from " + r.servingAt() + " (the hot tier), the cold tier loaded behind it");
        }
        if (r.onServingFailure() != null) {
            lines.add("warning: --on-serving " + r.onServingFailure());
        }
        lines.add("phases: " + timings(r.phases()) + "; data work, summed over the workers: " + timings(r.dataWork()));
        if (!r.createdRoles().isEmpty()) {
            lines.add("roles created (they were missing here): " + String.join(", ", r.createdRoles())
                    + (withRolePasswords && r.point().access() != null && r.point().access().rolePasswords()
                            ? "; with LOGIN and their passwords as at backup time"
                            : "; without LOGIN: give those that log in a password (ALTER ROLE ... LOGIN PASSWORD ...)"));
        }
        if (withRolePasswords && (r.point().access() == null || !r.point().access().rolePasswords())) {
            lines.add("warning: --with-role-passwords: point " + r.point().pointId() + " holds no role passwords "
                    + "(drkit.backup.role-passwords was off, or the backup user could not read them)");
        }
        r.warnings().forEach(w -> lines.add("warning: " + w));
        if (!r.skippedForeignKeys().isEmpty()) {
            lines.add("foreign keys skipped (they point at tables left out): " + String.join(", ", r.skippedForeignKeys()));
        }
        ReportService reports = reportService.getObject();
        return ReportPublisher.publish(reports, reports.factory().restore(r, started,
                targetUrl == null ? null : ReportService.server(() -> JdbcUrl.parse(targetUrl))), output,
                link -> RestoreDocument.of(r, link), lines, 0, false);
    }

    /** "pre-data 0.3 s, data 2.1 s": the JSON document's millisecond map, as a person reads it. */
    static String timings(Map<String, Long> millis) {
        return String.join(", ", millis.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s",
                words(e.getKey()), e.getValue() / 1000.0)).toList());
    }

    /** {@code preData} as "pre-data", {@code decryptAndDecompress} as "decrypt and decompress". */
    private static String words(String key) {
        String words = key.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return words.replaceFirst("^(pre|post) data$", "$1-data");
    }

    private Instant time() {
        if (which == null || which.time == null) {
            return null;
        }
        try {
            Instant t = Instant.parse(which.time);
            // the documents give times to the millisecond: a time copied from one (three decimals) covers its whole
            // millisecond, so that a point's own time chooses that point, whose commit time has microseconds
            return which.time.matches(".*\\.\\d{3}Z") ? t.plusNanos(999_999) : t;
        } catch (DateTimeParseException e) {
            throw DrkitException.usage("--time: " + which.time + " is not an ISO-8601 instant such as 2026-11-25T03:00:00Z");
        }
    }
}

package io.drkit.cli.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.core.env.ConfigurableEnvironment;

import io.drkit.backup.BackupResult;
import io.drkit.backup.BackupService;
import io.drkit.backup.incremental.IncrementalBackupService;
import io.drkit.backup.incremental.IncrementalResult;
import io.drkit.core.changes.LogicalSource;
import io.drkit.cli.backup.IncrementalDocument;
import io.drkit.cli.Output;
import io.drkit.cli.backup.BackupCommand;
import io.drkit.cli.backup.BackupDocument;
import io.drkit.core.manifest.PointId;
import io.drkit.report.Report;
import io.drkit.report.ReportService;
import io.drkit.cli.drill.DrillDocument;
import io.drkit.cli.drill.FailoverDrill;
import io.drkit.drill.DrillHistory;
import io.drkit.standby.StandbyService;
import io.drkit.standby.StandbySettings;
import io.drkit.drill.DrillRequest;
import io.drkit.drill.DrillResult;
import io.drkit.drill.DrillService;
import io.drkit.core.objectives.Durations;
import io.drkit.tracking.BackgroundTraffic;
import io.drkit.cli.tracking.TrackingDocuments;
import io.drkit.cli.tracking.TrackingSeedCommand;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.tracking.embedded.EmbeddedPostgresServer;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SchemaDump;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.store.ObjectStore;
import io.drkit.tracking.SeedHistory;
import io.drkit.tracking.SeedSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole story with no set-up: a tracking database backed up under live traffic, then",
            "restored, proven and timed in a drill. The database is on an embedded PostgreSQL",
            "(or on DRKIT_SOURCE_URL when set), seeded with a deterministic history; the full backup of",
            "it goes into a repository in the work directory (or DRKIT_REPOSITORY when set) while live traffic runs;",
            "then the drill: a disaster declared, the point restored into a scratch database and proven whole,",
            "the RPO and RTO measured against the targets and written up as a report."})
public class DemoCommand implements Callable<Integer> {

    /** Scans per second of the demo's live traffic: a busy depot's worth. */
    private static final double TRAFFIC = 20;
    /** How long the traffic runs between the full point and the incremental one. */
    private static final java.time.Duration INCREMENTAL_AFTER = java.time.Duration.ofSeconds(3);
    /** Months of history the demo seeds: enough that the hot tier is a small share of the rows. */
    private static final int DEMO_MONTHS = 6;
    /** The standby the demo keeps on its embedded server, and fails over to a copy of. */
    private static final String STANDBY = "tracking_standby";

    @Mixin
    Output output;

    @Option(names = "--shipments", paramLabel = "N", defaultValue = "20000",
            description = "Shipments to seed. Default: ${DEFAULT-VALUE}.")
    long shipments;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "drkit-work",
            description = "Where the embedded server keeps its data. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    private final DrkitProperties configured;
    private final ConfigurableEnvironment environment;

    public DemoCommand(DrkitProperties configured, ConfigurableEnvironment environment) {
        this.configured = configured;
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (!blank(configured.sourceUrl())) {
            return run(JdbcUrl.parse(configured.sourceUrl()), null, "the database of DRKIT_SOURCE_URL");
        }
        Path dataDir = workDir.toAbsolutePath().resolve("embedded-postgres");
        output.line("starting an embedded PostgreSQL server (data in " + dataDir + ")...");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false)) {
            JdbcUrl source = server.adminUrl().withDatabase("tracking");
            createDatabaseIfMissing(server.adminUrl(), "tracking");
            return run(source, server.adminUrl(), "an embedded PostgreSQL server on " + server.adminUrl().host() + ":"
                    + server.adminUrl().port() + " (stopped when the demo ends; its data stays in " + dataDir + ")");
        }
    }

    /** @param embedded the embedded server's maintenance database, or null when the source is configured */
    private int run(JdbcUrl source, JdbcUrl embedded, String where) throws SQLException {
        boolean stays = embedded == null;
        long existing = shipmentsIn(source);
        SeedSummary seeded = null;
        if (existing > 0) {
            output.line("the tracking database already holds " + existing + " shipments; keeping them");
        } else {
            // a history that ends now, so that the tiers' "last 14 days" are a small, recent share of it
            seeded = TrackingSeedCommand.seed(source, shipments, 1, SeedHistory.months(DEMO_MONTHS, Instant.now()),
                    output);
            output.line(TrackingSeedCommand.describe(seeded, source));
        }
        DemoDocument result = new DemoDocument(source.redacted(), existing > 0 ? existing : null,
                seeded == null ? null : TrackingDocuments.Seed.of(seeded), null, null,
                null, null, null, null, null);
        output.line("demo: a parcel-tracking database is ready on " + where + ": " + source);
        String skip = whyNoBackup(stays);
        if (skip != null) {
            output.result(result, "demo: no backup taken: " + skip);
            return 0;
        }
        // the embedded server runs with wal_level=logical: the demo shows a chain, full point then incremental
        boolean chain = !stays && LogicalSource.logical(source);
        try (DemoServices services = DemoServices.start(environment, demoSettings(source, embedded, chain))) {
            return run(services, result, source, stays, chain);
        }
    }

    /** What the demo sets for its run, over what is configured: its server, a repository and reports of its own. */
    private Map<String, Object> demoSettings(JdbcUrl source, JdbcUrl embedded, boolean chain) {
        Map<String, Object> demo = new HashMap<>();
        if (embedded != null) {
            demo.put("drkit.source-url", source.url());
            demo.put("drkit.scratch-url", embedded.url());
            demo.put("drkit.catalog-url", embedded.withDatabase("drkit").url());
        }
        if (chain) {
            demo.put("drkit.incremental.enabled", "true");
            demo.put("drkit.standby.target-url", embedded.withDatabase(STANDBY).url());
        }
        if (blank(configured.repository())) {
            demo.put("drkit.repository", workDir.toAbsolutePath().resolve("repository").toUri().toString());
        }
        if (configured.reports().directory().equals(Path.of("drkit-reports"))) {
            demo.put("drkit.reports.directory", workDir.toAbsolutePath().resolve("reports").toString());
        }
        return demo;
    }

    private int run(DemoServices services, DemoDocument result, JdbcUrl source, boolean stays, boolean chain) {
        String repository = services.get(RuntimeSettings.class).repository();
        if (stays && blank(configured.scratchUrl())) {
            BackupResult backup = backUp(services);
            output.result(result.backedUp(repository, BackupDocument.of(backup)), "demo: full backup into " + repository + ": " + BackupCommand.summary(backup),
                    "demo: no drill: set DRKIT_SCRATCH_URL for its scratch database",
                    "next: drkit tracking simulate --rate 50 --duration 30s");
            return 0;
        }
        BackupResult backup;
        IncrementalResult incremental = null;
        output.line("demo: live traffic on the tracking database from now on: " + (int) TRAFFIC + " scans per second");
        try (BackgroundTraffic traffic = BackgroundTraffic.start(source, TRAFFIC)) {
            backup = backUp(services);
            output.line("demo: full backup into " + repository + ": " + BackupCommand.summary(backup));
            if (chain) {
                Thread.sleep(INCREMENTAL_AFTER.toMillis());
                incremental = services.get(IncrementalBackupService.class).incremental(output.progress(), true,
                        line -> System.err.println(line));
                output.line("demo: incremental backup of the changes since: " + IncrementalDocument.summary(incremental));
            }
            traffic.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DrkitException.failed("interrupted", e);
        }
        // A staged restore starts from a full point (an incremental one is restored all at once): with tiers,
        // the drill takes the full point, so that the serving moment shows.
        boolean staged = backup.manifest().tiered();
        PointId drilled = staged && incremental != null ? backup.manifest().pointId() : null;
        output.line("demo: a disaster is declared now; the drill restores "
                + (drilled != null ? "the full point " + drilled + " in stages (recent parcels first, the history"
                        + " behind them; an incremental point is restored all at once)"
                        : "the newest point" + (incremental != null ? " (the incremental one, on top of its full point)"
                                : staged ? " in stages (recent parcels first, the history behind them)" : ""))
                + " and proves it, under the same traffic");
        DrillOutcome drill = drill(services, drilled);
        Path index = services.get(ReportService.class).index();
        result = result.backedUp(repository, BackupDocument.of(backup)).drilled(
                incremental == null ? null : IncrementalDocument.of(incremental), DrillDocument.of(drill.result(), null),
                drill.report() == null ? null : drill.report().localHtml().toString(), index.toString());
        List<String> lines = new ArrayList<>(DrillService.lines(drill.result()));
        Report.Serving serving = drill.result().report().drill().serving();
        lines.add(serving == null ? "demo: no serving moment: the point has no tiers (drkit.tiers.hot), so its database"
                + " served only when complete"
                : "demo: serving at " + serving.servingAt() + ": recent parcels answered " + human(serving.rtoMillis())
                        + " after the declaration (RTO to serving), while the history was still loading");
        lines.add("demo: RPO " + human(drill.result().report().drill().rpoMillis()) + ", RTO "
                + (serving == null ? "" : "to serving " + human(serving.rtoMillis()) + ", RTO to complete ")
                + human(drill.result().rtoMillis()) + ", verdict " + drill.result().report().verdict().label());
        int exitCode = drill.result().exitCode();
        if (chain) {
            lines.add("demo: a standby: the newest point restored into " + STANDBY + " from the repository and proven"
                    + " (drkit standby --follow would keep it at each new point); then a second disaster, declared and"
                    + " answered by failing over to a copy of it");
            FailoverDrill.Written failover = failOver(services);
            result = result.failedOver(failover.measured().document(failover.link()));
            failover.measured().lines().forEach(line -> lines.add("demo: " + line));
            lines.add("demo: failover report " + failover.where());
            exitCode = Math.max(exitCode, failover.measured().exitCode());
        }
        lines.add("demo: report " + (drill.report() == null ? "not stored" : drill.report().localHtml())
                + "; all reports, with charts: " + index);
        lines.add(stays ? "next: drkit drill --with-traffic 50, drkit status" : "next: drkit list, with DRKIT_REPOSITORY="
                + repository);
        output.result(result, lines.toArray(String[]::new));
        return exitCode;
    }

    /**
     * The standby on the embedded server, brought to the newest point and proven, then a failover drill:
     * a copy of it promoted, with its RTO beside the drill's restore RTO.
     */
    private FailoverDrill.Written failOver(DemoServices services) {
        JdbcUrl standby = JdbcUrl.parse(services.get(StandbySettings.class).targetUrl());
        services.get(StandbyService.class).run(standby, false, false, line -> System.err.println(line));
        FailoverDrill drill = new FailoverDrill(services.provider(StandbyService.class),
                services.get(StandbySettings.class), services.get(DrkitProperties.class),
                services.provider(DrillHistory.class), services.provider(RepositoryOpener.class),
                services.provider(ReportService.class));
        return drill.drillAndPublish(standby, false);
    }

    private record DrillOutcome(DrillResult result, ReportService.Published report) {}

    /** The disaster, declared now: the newest point restored, proven and measured, written up and kept in the history. */
    /** @param point the point to drill, or null for the newest */
    private DrillOutcome drill(DemoServices services, PointId point) {
        DrillService service = services.get(DrillService.class);
        DrillResult r = service.drill(new DrillRequest(point, false, false, TRAFFIC, Instant.now().truncatedTo(ChronoUnit.MILLIS)),
                output.progress(), line -> System.err.println(line));
        ReportService.Published published = services.get(ReportService.class).publish(r.report());
        service.record(r, published.report().reportId());
        return new DrillOutcome(r, published);
    }

    private static String human(Long millis) {
        return millis == null ? "not measured" : Durations.human(millis);
    }

    /** Why the demo cannot go on to the backup here, or null when it can. */
    private String whyNoBackup(boolean configuredSource) {
        if (!SchemaDump.installed()) {
            return "pg_dump is not installed (install the PostgreSQL client, e.g. apt-get install postgresql-client,"
                    + " and run the demo again)";
        }
        if (configuredSource && blank(configured.catalogUrl()) && blank(configured.scratchUrl())) {
            return "set DRKIT_CATALOG_URL (or DRKIT_SCRATCH_URL) for drkit's job history, and run the demo again";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The nightly job, on the demo's data: a repository of its own unless one is configured. */
    private BackupResult backUp(DemoServices services) {
        RepositoryOpener opener = services.get(RepositoryOpener.class);
        try (ObjectStore store = opener.store(1)) {
            store.createContainer();
            PointRepository.init(store, opener.key());
        }
        return services.get(BackupService.class).full(output.progress(), line -> System.err.println(line));
    }

    private static long shipmentsIn(JdbcUrl url) throws SQLException {
        try (Connection c = PgConnections.open(url, "source"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('tracking.shipments') IS NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tracking.shipments")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void createDatabaseIfMissing(JdbcUrl admin, String name) {
        try (Connection c = PgConnections.open(admin, "embedded"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw DrkitException.failed("cannot create the demo database: " + e.getMessage(), e);
        }
    }
}

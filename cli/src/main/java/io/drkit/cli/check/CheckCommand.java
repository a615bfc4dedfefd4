package io.drkit.cli.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.drkit.cli.Output;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.store.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Pre-flight: look at the configured source, repository, scratch server and catalog the way the",
            "jobs will use them, and name each problem with its fix. Each is checked for: reachable; privileges (read every backed-up",
            "table, CREATEDB on the scratch server, REPLICATION with incrementals); pg_dump's major version against",
            "the source's; the repository written, read and deleted; the encryption key against the repository's",
            "key id; leftover drkit_* replication slots; business checks prepared on the source.",
            "Exit 0 when everything holds, 2 when anything does not."})
public class CheckCommand implements Callable<Integer> {

    @Mixin
    Output output;

    private final RuntimeSettings settings;
    private final RepositoryOpener repositories;

    public CheckCommand(RuntimeSettings settings, RepositoryOpener repositories) {
        this.settings = settings;
        this.repositories = repositories;
    }

    @Override
    public Integer call() {
        List<Finding> found = new ArrayList<>();
        String repository = configured(found, "repository", settings::repository,
                "set DRKIT_REPOSITORY to s3://bucket/prefix or file:///absolute/dir");
        Optional<Manifest> newestFull = Optional.empty();
        if (repository != null) {
            newestFull = repository(found);
        }
        Integer sourceMajor = null;
        JdbcUrl source = configured(found, "source", settings::sourceUrl,
                "set DRKIT_SOURCE_URL to the JDBC URL of the database to back up");
        boolean incrementals = settings.incremental().enabled();
        if (source != null) {
            sourceMajor = source(found, source, repository, incrementals, newestFull);
        }
        found.add(PgDumpCheck.run(sourceMajor));
        JdbcUrl scratch = configured(found, "scratch", settings::scratchUrl, "set DRKIT_SCRATCH_URL to a maintenance"
                + " database (postgres) on the server where scratch databases are created");
        if (scratch != null) {
            found.addAll(ScratchCheck.scratch(scratch));
        }
        JdbcUrl catalog = configured(found, "catalog", settings::catalogUrl, "set DRKIT_CATALOG_URL, or DRKIT_SCRATCH_URL"
                + " to keep the job history in a drkit database there");
        if (catalog != null) {
            boolean derived = settings.properties().catalogUrl() == null || settings.properties().catalogUrl().isBlank();
            found.add(ScratchCheck.catalog(catalog, derived));
        }
        return report(found);
    }

    /** @return the source's major version, or null when it could not be reached */
    private Integer source(List<Finding> found, JdbcUrl source, String repository, boolean incrementals,
            Optional<Manifest> newestFull) {
        Connection c;
        try {
            c = ServerChecks.connect(source, "source");
        } catch (SQLException e) {
            found.add(Finding.problem(SourceCheck.TARGET, "reachable", ServerChecks.whyNot(source, "source", e),
                    "correct DRKIT_SOURCE_URL (host, port, database, user), let drkit's host through pg_hba.conf,"
                            + " or start the server"));
            return null;
        }
        try (c) {
            found.add(Finding.ok(SourceCheck.TARGET, "reachable", SourceCheck.describe(source, c)));
            found.add(SharedHostCheck.run(source, settings.properties().backup()));
            int major = ServerChecks.major(c);
            found.addAll(SourceCheck.run(c, settings.properties().backup(), incrementals));
            if (repository != null) {
                found.add(SlotCheck.run(c, RepositoryIdentity.of(repository), incrementals, newestFull));
            }
            found.addAll(BusinessCheckParse.run(c, settings.properties().verify().checks()));
            return major;
        } catch (SQLException e) {
            found.add(Finding.problem(SourceCheck.TARGET, "catalog readable", "reading the source's catalog failed: "
                    + JdbcUrl.redact(e.getMessage()), "let drkit's role read pg_catalog (every role may, unless"
                    + " revoked) and run `drkit check` again"));
            return null;
        }
    }

    private Optional<Manifest> repository(List<Finding> found) {
        ObjectStore store;
        try {
            // with the configured retries and timeouts, as every job opens it
            store = repositories.store(1);
        } catch (DrkitException | IllegalArgumentException e) {
            found.add(Finding.problem(RepositoryCheck.TARGET, "configured", e.getMessage(),
                    "set DRKIT_REPOSITORY to s3://bucket/prefix or file:///absolute/dir"));
            return Optional.empty();
        }
        try (store) {
            RepositoryCheck.Outcome outcome = RepositoryCheck.run(store, settings.encryptionKeyFile());
            found.addAll(outcome.findings());
            return outcome.newestFull();
        }
    }

    /** A setting that is not there is a problem of its own, and the checks that need it are not run. */
    private static <T> T configured(List<Finding> found, String target, Supplier<T> setting, String fix) {
        try {
            return setting.get();
        } catch (DrkitException e) {
            found.add(Finding.problem(target, "configured", e.getMessage(), fix));
            return null;
        }
    }

    private int report(List<Finding> found) {
        long problems = found.stream().filter(Finding::needsFixing).count();
        List<String> lines = new ArrayList<>();
        for (Finding f : found) {
            lines.add(String.format("%-8s %s: %s: %s", f.status().label(), f.target(), f.check(), f.detail()));
            if (f.fix() != null) {
                lines.add("         fix: " + f.fix());
            }
        }
        lines.add(problems == 0 ? "ready: every check holds" : problems + " problem(s): fix them and run `drkit check` again");
        output.result(CheckDocument.of(found), lines.toArray(String[]::new));
        return problems == 0 ? 0 : ExitCode.USAGE.code();
    }
}

package io.drkit.drill;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.report.Report.Step;

/**
 * The commands an on-call engineer runs to restore one point for real, drkit first and then the
 * break-glass way without it. Host names are placeholders (the new server is not known before the
 * incident); secrets are named, never written: they come from the secret store.
 */
final class Runbook {

    static final String HOST = "NEW-HOST";

    private Runbook() {}

    /**
     * @param repository the repository URI as configured (it holds no credentials)
     * @param s3Endpoint the configured S3 endpoint, or null for AWS
     * @param encrypted whether the point's objects are encrypted
     */
    /** @param fullPointId the full point the point stands on (itself, for a full point) */
    static List<Step> forPoint(Manifest point, PointId fullPointId, String repository, String s3Endpoint,
            boolean encrypted) {
        String database = point.source() == null || point.source().database() == null ? "tracking"
                : point.source().database();
        String jdbc = "jdbc:postgresql://" + HOST + ":5432/" + database + "?user=postgres";
        String libpq = "postgresql://postgres@" + HOST + ":5432/" + database;
        List<Step> steps = new ArrayList<>();
        List<String> env = new ArrayList<>();
        env.add("export DRKIT_REPOSITORY='" + repository + "'");
        if (repository.startsWith("s3://")) {
            env.add("export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... AWS_REGION=...   # from the secret store");
        }
        if (s3Endpoint != null && !s3Endpoint.isBlank()) {
            env.add("export DRKIT_S3_ENDPOINT='" + s3Endpoint + "'");
        }
        if (encrypted) {
            env.add("export DRKIT_ENCRYPTION_KEY_FILE=/path/to/repository.key   # the key, from the secret store");
        }
        env.add("export DRKIT_SCRATCH_URL='jdbc:postgresql://" + HOST + ":5432/postgres?user=postgres'"
                + "   # drkit keeps its job history in a drkit database there");
        steps.add(new Step("Declare the incident and fence the damaged server: stop the applications writing to it, "
                + "so that nothing is written to two places. Then, on a machine with Java 17 and drkit:", env));
        steps.add(new Step("Check that the point is whole before relying on it (reads every object; exit 0 means whole):",
                List.of("drkit verify --point " + point.pointId())));
        Manifest.Access access = point.access();
        boolean passwords = access != null && access.rolePasswords();
        boolean staged = point.tiered();
        steps.add(new Step("Create the empty database on the new server and restore the point into it "
                + "(roles it names that are missing there, tables, data, indexes, constraints, sequences, statistics, "
                + "then owners, grants and the database's settings; every part checked on the way)"
                + (staged ? ". The point has tiers, so the restore serves early: once the recent parcels (the hot tier)"
                        + " are loaded and indexed, drkit prints a 'serving' line and runs the --on-serving command;"
                        + " point the tracking service at " + HOST + " then: lookups and scans work while the history"
                        + " loads behind them, until drkit ends (the RTO to serving, then the RTO to complete)" : "")
                + ":",
                List.of("createdb -h " + HOST + " -U postgres " + database,
                        "drkit restore --point " + point.pointId() + " --target-url '" + jdbc + "'"
                                + (passwords ? " --with-role-passwords" : "")
                                + (staged ? " --on-serving '<command that points the tracking service at " + HOST
                                        + ">'" : ""))));
        if (access != null && !access.roleNames().isEmpty()) {
            steps.add(new Step(passwords
                    ? "Roles the point names that were missing on " + HOST + " (" + String.join(", ", access.roleNames())
                            + ") are created with LOGIN and the passwords they had at backup time; roles that existed "
                            + "there are left as they were (drkit lists any difference)."
                    : "Roles the point names that were missing on " + HOST + " (" + String.join(", ", access.roleNames())
                            + ") are created without LOGIN and without a password (drkit lists them). Let the roles "
                            + "the applications log in as in again, with their passwords from the secret store:",
                    passwords ? List.of() : List.of("psql '" + libpq + "' -c \"ALTER ROLE <role> LOGIN PASSWORD "
                            + "'<from the secret store>'\"   # for each role the applications log in as")));
        }
        point.tables().stream().max(Comparator.comparingLong(Manifest.TableEntry::rows)).ifPresent(t ->
                steps.add(new Step("Check the restored data, then point the applications at " + HOST + ":",
                        List.of(String.format(Locale.ROOT, "psql '%s' -Atc 'SELECT count(*) FROM %s.%s'   # expect %d",
                                libpq, t.schema(), t.name(), t.rows())))));
        if (encrypted) {
            steps.add(new Step("Break glass (drkit unavailable): this point is encrypted, so it cannot be restored "
                    + "without drkit and the key. Keep a copy of the drkit jar and the key with the break-glass kit.",
                    List.of()));
        } else {
            steps.add(new Step("Break glass (drkit unavailable): with the AWS CLI (or cp), zstd and psql only, "
                    + "from a checkout of drkit's docs/ (see the README's break-glass section for the steps by hand); "
                    + "it creates the missing roles without LOGIN first and applies owners, grants and the database's "
                    + "settings last"
                    + (point.incremental() ? "; by hand only its full point " + fullPointId + " comes back, without "
                            + "the changes after it (applying those takes drkit)" : "") + ":",
                    List.of("createdb -h " + HOST + " -U postgres " + database,
                            (s3Endpoint == null || s3Endpoint.isBlank() ? "" : "DRKIT_S3_ENDPOINT='" + s3Endpoint + "' ")
                                    + "docs/break-glass-restore.sh '" + repository + "' " + fullPointId + " '"
                                    + libpq + "'")));
        }
        return steps;
    }
}

package io.drkit.verify.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.drkit.core.config.DrkitProperties.BusinessCheck;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.manifest.Manifest.TierFigures;
import io.drkit.core.manifest.Tier;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.pg.SessionSettings;
import io.drkit.core.progress.Progress;

/**
 * The proof that a staged restore's database may serve: taken at the serving moment, while stage 2
 * waits, so every table holds exactly its hot rows. Each table's rows and digest must equal the hot
 * tier's figures in the manifest, and the business checks marked {@code at-serving} (those that read
 * recent parcels) must hold.
 *
 * @param tables every table of a point with tiers against the manifest's hot figures (a cold table must
 *     be empty at that moment)
 * @param checks the business checks marked {@code at-serving}, or one not-run outcome when none is
 * @param millis how long the proof took
 */
public record ServingProof(List<TableComparison> tables, List<CheckOutcome> checks, long millis) {

    static final String NO_SERVING_CHECKS = "no business check is marked at-serving (drkit.verify.checks[].at-serving):"
            + " the hot tier was proven whole, not held to the business's rules at the serving moment";

    public static ServingProof of(JdbcUrl database, Manifest point, List<BusinessCheck> business, int parallelism) {
        long started = System.nanoTime();
        List<TableEntry> hot = new ArrayList<>();
        for (TableEntry t : point.tables()) {
            TierFigures figures = hotFigures(t);
            if (figures != null) {
                hot.add(new TableEntry(t.schema(), t.name(), t.partitionRoot(), t.columns(), figures.rows(),
                        figures.digest(), t.parts(), t.tiers()));
            }
        }
        List<TableComparison> tables = TableReadBack.compare(database, hot,
                DigestAlgorithm.of(point.digestAlgorithm()), parallelism, Progress.NONE);
        List<BusinessCheck> atServing = business.stream().filter(BusinessCheck::atServing).toList();
        List<CheckOutcome> checks;
        if (atServing.isEmpty()) {
            checks = List.of(new CheckOutcome("business", "none at-serving", CheckOutcome.Result.NOT_RUN,
                    NO_SERVING_CHECKS, 0));
        } else {
            try (Connection c = PgConnections.open(database, "restored")) {
                SessionSettings.applyCanonicalOutput(c);
                checks = BusinessChecks.run(c, atServing);
            } catch (SQLException e) {
                throw DrkitException.failed("checking the serving database failed: " + JdbcUrl.redact(e.getMessage()), e);
            }
        }
        return new ServingProof(tables, checks, (System.nanoTime() - started) / 1_000_000);
    }

    public boolean passed() {
        return tables.stream().allMatch(TableComparison::matches) && checks.stream().noneMatch(CheckOutcome::failed);
    }

    /** Rows in the hot tier, as proven. */
    public long hotRows() {
        return tables.stream().mapToLong(TableComparison::restoredRows).sum();
    }

    /** Tables whose hot rows differ and checks that failed, in words. */
    public List<String> failures() {
        return RestoreVerification.failures(tables, checks).stream().map(f -> "at the serving moment: " + f).toList();
    }

    private static TierFigures hotFigures(TableEntry t) {
        return t.tiers() == null ? null
                : t.tiers().stream().filter(f -> f.tier() == Tier.HOT).findFirst().orElse(null);
    }
}

package io.drkit.verify.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.drkit.restore.RestoreResult;

/**
 * What {@code drkit verify --restore} found.
 *
 * @param phases wall milliseconds: restore, read-back, constraints, indexes, schema, privileges, business
 */
public record RestoreVerification(Instant started, RestoreResult restore, List<TableComparison> tables,
        List<CheckOutcome> checks, Map<String, Long> phases, Duration duration) {

    /** The kind of the check that proves a point without digests at a later point (see ContentProof). */
    public static final String CONTENT_PROOF = "content";

    /** The check that stands for business checks when none are configured (passed: null, not run). */
    public static final String NO_BUSINESS_CHECKS_NAME = "none configured";

    public static final String NO_BUSINESS_CHECKS = "No business checks are configured (drkit.verify.checks): the data "
            + "was proven whole, not held to the business's rules. Give a file of checks with --config FILE or DRKIT_CONFIG.";

    /** False when the run had no business checks to run: its summary says so. */
    public boolean businessChecksConfigured() {
        return checks.stream().noneMatch(c -> c.kind().equals("business") && !c.ran()
                && c.name().equals(NO_BUSINESS_CHECKS_NAME));
    }

    /**
     * For a point without digests: how many tables had their rows counted only, and where their
     * content was proven (the detail of the {@code content} check); empty for a point with digests.
     */
    public java.util.Optional<String> rowsCountedOnly() {
        long counted = tables.stream().filter(t -> !t.proven()).count();
        if (counted == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(counted + " of the tables were compared by their rows only: " + checks.stream()
                .filter(c -> c.kind().equals(CONTENT_PROOF)).findFirst().map(CheckOutcome::detail)
                .orElse("content not proven at this point") + ".");
    }

    public boolean passed() {
        return tables.stream().allMatch(TableComparison::matches) && checks.stream().noneMatch(CheckOutcome::failed);
    }

    /** Tables whose rows or digest differ, and checks that failed, in words. */
    public List<String> failures() {
        return failures(tables, checks);
    }

    /** Tables whose rows or digest differ from the expected ones, and checks that failed, in words. */
    static List<String> failures(List<TableComparison> tables, List<CheckOutcome> checks) {
        List<String> found = new java.util.ArrayList<>();
        tables.stream().filter(t -> !t.matches()).forEach(t -> found.add("table " + t.table() + ": "
                + (t.sourceRows() != t.restoredRows() ? t.restoredRows() + " rows restored, " + t.sourceRows() + " backed up"
                        : "content digest differs from the backup's")));
        checks.stream().filter(CheckOutcome::failed).forEach(c -> found.add(c.kind() + " " + c.name() + ": " + c.detail()));
        return found;
    }
}

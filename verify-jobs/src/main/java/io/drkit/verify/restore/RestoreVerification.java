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

    public boolean passed() {
        return tables.stream().allMatch(TableComparison::matches) && checks.stream().noneMatch(CheckOutcome::failed);
    }

    /** Tables whose rows or digest differ, and checks that failed, in words. */
    public List<String> failures() {
        List<String> found = new java.util.ArrayList<>();
        tables.stream().filter(t -> !t.matches()).forEach(t -> found.add("table " + t.table() + ": "
                + (t.sourceRows() != t.restoredRows() ? t.restoredRows() + " rows restored, " + t.sourceRows() + " backed up"
                        : "content digest differs from the backup's")));
        checks.stream().filter(CheckOutcome::failed).forEach(c -> found.add(c.kind() + " " + c.name() + ": " + c.detail()));
        return found;
    }
}

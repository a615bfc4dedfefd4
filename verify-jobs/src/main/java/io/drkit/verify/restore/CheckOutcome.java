package io.drkit.verify.restore;

/**
 * One check run on a restored database.
 *
 * @param kind {@code rows}, {@code not-null}, {@code primary-key}, {@code unique}, {@code foreign-key},
 *     {@code check}, {@code index}, {@code schema}, {@code privileges}, {@code roles}, {@code settings},
 *     {@code extensions} or {@code business}
 * @param name what was checked: a table, constraint, index or business check name
 * @param result whether it held, or that it could not run here (for example, no amcheck)
 * @param detail in words, without row values: counts and names only
 */
public record CheckOutcome(String kind, String name, Result result, String detail, long millis) {

    /** What came of a check. */
    public enum Result {
        PASSED, FAILED, NOT_RUN;

        public static Result of(boolean held) {
            return held ? PASSED : FAILED;
        }

        /** The report's {@code passed} field (format 1): true, false, or null when the check did not run. */
        public Boolean asPassed() {
            return this == NOT_RUN ? null : this == PASSED;
        }
    }

    public boolean failed() {
        return result == Result.FAILED;
    }

    public boolean held() {
        return result == Result.PASSED;
    }

    public boolean ran() {
        return result != Result.NOT_RUN;
    }
}

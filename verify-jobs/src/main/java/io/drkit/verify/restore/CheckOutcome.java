package io.drkit.verify.restore;

/**
 * One check run on a restored database.
 *
 * @param kind {@code rows}, {@code not-null}, {@code primary-key}, {@code unique}, {@code foreign-key},
 *     {@code check}, {@code index}, {@code schema}, {@code privileges}, {@code roles}, {@code settings},
 *     {@code extensions} or {@code business}
 * @param name what was checked: a table, constraint, index or business check name
 * @param passed whether it held; null when it could not run here (for example, no amcheck)
 * @param detail in words, without row values: counts and names only
 */
public record CheckOutcome(String kind, String name, Boolean passed, String detail, long millis) {

    public boolean failed() {
        return Boolean.FALSE.equals(passed);
    }
}

package io.drkit.backup;

import io.drkit.core.manifest.Tier;

/**
 * One part of a table: the heap pages {@code [firstPage, endPage)} it reads ({@code endPage = -1}:
 * to the end, so rows on pages added after planning are still read) and the object it goes to.
 *
 * @param tier the tier of the part's rows (of those going to {@code key} when split); null without tiers
 * @param where the hot-tier predicate splitting the part's rows, or null: rows for which it is true go
 *     to {@code key}, the others to {@code coldKey}, both written from one read of the pages
 * @param coldKey where a split part's cold rows go; null when not split
 */
public record PlannedPart(String name, String table, int number, long firstPage, long endPage,
        long estimatedBytes, String key, Tier tier, String where, String coldKey) {

    public PlannedPart(String name, String table, int number, long firstPage, long endPage, long estimatedBytes,
            String key) {
        this(name, table, number, firstPage, endPage, estimatedBytes, key, null, null, null);
    }

    boolean split() {
        return where != null;
    }
}

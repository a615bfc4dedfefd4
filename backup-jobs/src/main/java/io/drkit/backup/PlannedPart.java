package io.drkit.backup;

/**
 * One part of a table: the heap pages {@code [firstPage, endPage)} it reads ({@code endPage = -1}:
 * to the end, so rows on pages added after planning are still read) and the object it goes to.
 */
public record PlannedPart(String name, String table, int number, long firstPage, long endPage,
        long estimatedBytes, String key) {}

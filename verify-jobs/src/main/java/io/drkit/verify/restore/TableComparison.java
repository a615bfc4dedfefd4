package io.drkit.verify.restore;

/**
 * One table's rows and content digest as the manifest gives them and as read back after the restore.
 *
 * @param sourceDigest null for a table whose content the point does not prove (a point without
 *     digests): its rows are compared, its content at the point that proves it (see ContentProof)
 */
public record TableComparison(String table, long sourceRows, long restoredRows, String sourceDigest,
        String restoredDigest) {

    public boolean matches() {
        return sourceRows == restoredRows && (sourceDigest == null || sourceDigest.equals(restoredDigest));
    }

    /** Whether the content was compared, not only the rows counted. */
    public boolean proven() {
        return sourceDigest != null;
    }
}

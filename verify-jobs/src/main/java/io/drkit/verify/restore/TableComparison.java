package io.drkit.verify.restore;

/** One table's rows and content digest as the manifest gives them and as read back after the restore. */
public record TableComparison(String table, long sourceRows, long restoredRows, String sourceDigest,
        String restoredDigest) {

    public boolean matches() {
        return sourceRows == restoredRows && sourceDigest.equals(restoredDigest);
    }
}

package io.drkit.core.repository;

import java.util.Locale;

import io.drkit.core.manifest.PointId;

/** Where a point's objects live in a repository (DESIGN.md, "Repository layout"). */
public final class PointLayout {

    /** What an attempt's key adds to its part's: {@code .attempt-<hex>}. */
    private static final String ATTEMPT = ".attempt-";

    public static final String DESCRIPTOR = "drkit.json";
    public static final String POINTS = "points/";
    public static final String MANIFEST = "manifest.json";

    private PointLayout() {}

    public static String pointPrefix(PointId pointId) {
        return pointPrefix(pointId.value());
    }

    /** @param folder a folder under {@code points/} as listed: a point's id, or what an unfinished write left */
    public static String pointPrefix(String folder) {
        return POINTS + folder + "/";
    }

    public static String manifest(PointId pointId) {
        return manifest(pointId.value());
    }

    /** @param folder a folder under {@code points/} as listed (see {@link #pointPrefix(String)}) */
    public static String manifest(String folder) {
        return pointPrefix(folder) + MANIFEST;
    }

    /** @param section {@code pre-data} or {@code post-data} */
    public static String schema(PointId pointId, String section, String codecSuffix) {
        return pointPrefix(pointId) + "schema/" + section + ".sql" + codecSuffix;
    }

    /** A file of the point's schema folder under its own name ({@code access.json}), then the codec's suffix. */
    public static String schemaFile(PointId pointId, String fileName, String codecSuffix) {
        return pointPrefix(pointId) + "schema/" + fileName + codecSuffix;
    }

    public static String part(PointId pointId, String tableLabel, int partNumber, String codecSuffix) {
        return pointPrefix(pointId) + "data/" + tableLabel + "/" + String.format(Locale.ROOT, "%05d", partNumber)
                + ".copy" + codecSuffix;
    }

    /** One tier's half of a part split by a hot-tier predicate: {@code 00000-hot.copy…}, {@code 00000-cold.copy…}. */
    public static String part(PointId pointId, String tableLabel, int partNumber, String tier, String codecSuffix) {
        return pointPrefix(pointId) + "data/" + tableLabel + "/" + String.format(Locale.ROOT, "%05d", partNumber)
                + "-" + tier + ".copy" + codecSuffix;
    }

    /**
     * Where one attempt at a part writes before the part is published under {@code key}: a part given
     * to a second worker (the first was thought dead) is written twice, and only the attempt that still
     * owns it is published.
     */
    public static String attempt(String key, String attempt) {
        return key + ATTEMPT + attempt;
    }

    /**
     * Whether a key is an attempt's, not yet published (or left by an attempt that lost its part). Only
     * the object's own name counts: a table may well be called {@code attempt-log}.
     */
    public static boolean isAttempt(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int at = name.lastIndexOf(ATTEMPT);
        return at > 0 && name.substring(at + ATTEMPT.length()).matches("[0-9a-f]+");
    }

    /** The changes of one table in an incremental point. */
    public static String changes(PointId pointId, String tableLabel, String codecSuffix) {
        return pointPrefix(pointId) + "changes/" + tableLabel + ".changes" + codecSuffix;
    }

    /** The folder of a key under {@code points/} (a point's id, unchecked), or null. */
    public static String pointOf(String key) {
        if (!key.startsWith(POINTS)) {
            return null;
        }
        int slash = key.indexOf('/', POINTS.length());
        return slash < 0 ? null : key.substring(POINTS.length(), slash);
    }
}

package io.drkit.core.repository;

import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.StoredFile;

/**
 * The objects a manifest names must be objects of a point: a key that climbs out of it
 * ({@code ../../../etc/passwd}) or names something else is damage (or tampering), refused before
 * anything is read, whatever the store. A point's own objects are under its folder; an incremental
 * point's schema files and access record are its full point's, under that point's folder, and its
 * sequence positions may be an earlier point's when no sequence moved since.
 */
final class ManifestKeys {

    private ManifestKeys() {}

    static void requireInside(Manifest m, String where) {
        String own = PointLayout.pointPrefix(m.pointId());
        java.util.List<StoredFile> sharedFiles = m.sharedWithFullPoint();
        for (StoredFile f : m.objects()) {
            if (f == null || f.key() == null) {
                throw DrkitException.integrity(where + " names an object without a key: the manifest is damaged; "
                        + "use another point");
            }
            // an incremental point whose sequences did not move names an earlier point's file
            boolean shared = sharedFiles.stream().anyMatch(s -> s == f) || (m.incremental() && f == m.schema().sequences());
            if (!wellFormed(f.key()) || !(f.key().startsWith(own) || (shared && f.key().startsWith(PointLayout.POINTS)))) {
                throw DrkitException.integrity(where + " names " + f.key() + ", which is not an object of point "
                        + m.pointId() + ": the manifest is damaged or was tampered with; nothing of the point is read "
                        + "(use another point)");
            }
        }
    }

    /** A relative key of plain segments: no empty, {@code .} or {@code ..} segment, no backslash. */
    private static boolean wellFormed(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}

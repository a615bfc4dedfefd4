package io.drkit.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.drkit.core.digest.Sha256;

/**
 * Who may do what with each object, one SHA-256 per object over its access lines (owner, grants,
 * column grants, policies, row-level security, a digest of its comment), as the schema fingerprint
 * is of each table's shape. Taken at backup time and from the restored database; where they differ,
 * the point's lines name exactly the grant, owner or policy that did not come back.
 */
public final class PrivilegesFingerprint {

    private PrivilegesFingerprint() {}

    /** @param objects each object's access lines (see {@link AccessReader#objects}) */
    public static Map<String, String> of(Map<String, List<String>> objects) {
        Map<String, String> fingerprint = new TreeMap<>();
        objects.forEach((object, lines) -> {
            List<String> sorted = new ArrayList<>(lines);
            sorted.sort(null);
            fingerprint.put(object, Sha256.hex(String.join("\n", sorted)));
        });
        return fingerprint;
    }

    /**
     * What differs for the objects the point recorded, one line each, naming the object and the
     * grant, owner or policy: missing from the restored database, or there but not in the backup.
     * Objects only the restored database has are not counted: a restore adds none of its own, and
     * a verification may (amcheck).
     *
     * @param expectedLines the point's access lines, or null when they could not be read
     */
    public static List<String> differences(Map<String, String> expected, Map<String, List<String>> expectedLines,
            Map<String, List<String>> actual) {
        List<String> found = new ArrayList<>();
        Map<String, String> actualFingerprint = of(actual);
        expected.forEach((object, sha) -> {
            List<String> restored = actual.get(object);
            if (restored == null) {
                found.add(object + ": missing");
            } else if (!sha.equals(actualFingerprint.get(object))) {
                List<String> recorded = expectedLines == null ? null : expectedLines.get(object);
                if (recorded == null) {
                    found.add(object + ": owner, grants or policies differ from the backup's");
                    return;
                }
                recorded.stream().filter(l -> !restored.contains(l)).forEach(l -> found.add(object + ": " + l + " missing"));
                restored.stream().filter(l -> !recorded.contains(l))
                        .forEach(l -> found.add(object + ": " + l + " not in the backup"));
            }
        });
        return found;
    }
}

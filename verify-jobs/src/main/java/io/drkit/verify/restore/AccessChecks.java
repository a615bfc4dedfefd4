package io.drkit.verify.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.drkit.core.access.AccessCatalog;
import io.drkit.core.access.AccessReader;
import io.drkit.core.access.PrivilegesFingerprint;
import io.drkit.core.access.RoleRecord;
import io.drkit.core.manifest.Manifest;

/**
 * Whether the restored database lets the applications in as the source did: every object's owner,
 * grants, policies and row-level security against the point's privileges fingerprint, the roles they
 * name and their memberships, the database's settings, and its extensions at their versions.
 */
final class AccessChecks {

    private AccessChecks() {}

    /** @param catalog the point's access record, or null for a point taken before drkit recorded it */
    static List<CheckOutcome> run(Connection c, Manifest point, AccessCatalog catalog) throws SQLException {
        Manifest.Access access = point.access();
        if (access == null || catalog == null) {
            return List.of(new CheckOutcome("privileges", "owners, grants, policies", CheckOutcome.Result.NOT_RUN,
                    "not compared: the point was taken before drkit recorded owners and privileges", 0));
        }
        return List.of(privileges(c, access, catalog), roles(c, catalog), settings(c, access), extensions(c, access));
    }

    private static CheckOutcome privileges(Connection c, Manifest.Access access, AccessCatalog catalog)
            throws SQLException {
        long started = System.nanoTime();
        Map<String, List<String>> restored = AccessReader.objects(c, List.of(), new HashSet<>(), new ArrayList<>());
        List<String> differences = PrivilegesFingerprint.differences(access.fingerprint(), catalog.objects(), restored);
        return outcome("privileges", "owners, grants, policies", differences,
                access.fingerprint().size() + " objects have the owner, grants, policies and row-level security of the backup",
                started);
    }

    /** A missing role or membership fails; other attributes are told (a role that exists is left as it is). */
    private static CheckOutcome roles(Connection c, AccessCatalog catalog) throws SQLException {
        long started = System.nanoTime();
        Map<String, RoleRecord> here = new LinkedHashMap<>();
        AccessReader.roles(c, catalog.roleNames(), false).forEach(r -> here.put(r.name(), r));
        List<String> differences = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (RoleRecord r : catalog.roles()) {
            RoleRecord there = here.get(r.name());
            if (there == null) {
                differences.add("role " + r.name() + " missing");
                continue;
            }
            Set<String> memberOf = there.memberOf().stream().map(RoleRecord.Membership::role).collect(Collectors.toSet());
            r.memberOf().stream().filter(m -> !memberOf.contains(m.role()))
                    .forEach(m -> differences.add("role " + r.name() + " is not a member of " + m.role()));
            // restored roles are made without LOGIN on purpose: an operator gives them their passwords
            List<String> attributes = r.attributeDifferences(there, false);
            if (!attributes.isEmpty()) {
                notes.add("role " + r.name() + ": " + String.join(", ", attributes));
            }
        }
        String held = catalog.roles().size() + " roles exist with their memberships"
                + (notes.isEmpty() ? "" : "; other attributes than at backup (left as they are): " + String.join("; ", notes));
        return outcome("roles", "roles and memberships", differences, held, started);
    }

    private static CheckOutcome settings(Connection c, Manifest.Access access) throws SQLException {
        long started = System.nanoTime();
        Map<String, String> expected = bySetting(access.settings());
        Map<String, String> actual = bySetting(AccessReader.settings(c));
        List<String> differences = new ArrayList<>();
        expected.forEach((setting, value) -> {
            String there = actual.get(setting);
            if (there == null) {
                differences.add(setting + " missing (the backup's: " + value + ")");
            } else if (!there.equals(value)) {
                differences.add(setting + " is " + there + ", the backup's " + value);
            }
        });
        actual.keySet().stream().filter(s -> !expected.containsKey(s))
                .forEach(s -> differences.add(s + " = " + actual.get(s) + " not in the backup"));
        return outcome("settings", "database settings", differences,
                expected.isEmpty() ? "none at backup time, none here" : String.join("; ", expected.entrySet().stream()
                        .map(e -> e.getKey() + " = " + e.getValue()).toList()), started);
    }

    /** Extensions the point recorded, at their versions; one a verification adds itself (amcheck) is not counted. */
    private static CheckOutcome extensions(Connection c, Manifest.Access access) throws SQLException {
        long started = System.nanoTime();
        Map<String, String> actual = new LinkedHashMap<>();
        AccessReader.extensions(c).forEach(e -> actual.put(e.name(), e.version()));
        List<String> differences = new ArrayList<>();
        for (Manifest.Extension e : access.extensions()) {
            String version = actual.get(e.name());
            if (version == null) {
                differences.add(e.name() + " " + e.version() + " missing");
            } else if (!Objects.equals(version, e.version())) {
                differences.add(e.name() + " is at " + version + ", the backup's at " + e.version());
            }
        }
        return outcome("extensions", "extensions", differences, String.join(", ", access.extensions().stream()
                .map(e -> e.name() + " " + e.version()).toList()), started);
    }

    private static Map<String, String> bySetting(List<Manifest.Setting> settings) {
        Map<String, String> m = new LinkedHashMap<>();
        settings.forEach(s -> m.put((s.role() == null ? "" : "role " + s.role() + ": ") + s.name(), s.value()));
        return m;
    }

    private static CheckOutcome outcome(String kind, String name, List<String> differences, String held, long started) {
        return new CheckOutcome(kind, name, CheckOutcome.Result.of(differences.isEmpty()), differences.isEmpty() ? held : String.join("; ", differences),
                (System.nanoTime() - started) / 1_000_000);
    }
}

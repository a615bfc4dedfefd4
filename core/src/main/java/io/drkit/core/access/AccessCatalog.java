package io.drkit.core.access;

import java.util.List;
import java.util.Map;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.repository.RepositoryJson;

/**
 * A database's access record: what {@code schema/access.json} of a point holds. Names, attributes
 * and catalog text only: never row data. Role password hashes appear only when the backup captured
 * them, and the file is then stored through the repository's codec (encrypted with a key).
 *
 * @param objects per object ({@code table tracking.stations}), its access lines: owner, each grant,
 *     policies, row-level security, a digest of its comment; see {@link PrivilegesFingerprint}
 */
public record AccessCatalog(List<RoleRecord> roles, Map<String, List<String>> objects,
        List<Manifest.Setting> settings, List<Manifest.Extension> extensions) {

    /** {@code schema/access.json} as stored. */
    public static AccessCatalog parse(String json) {
        return RepositoryJson.MAPPER.readValue(json, AccessCatalog.class);
    }

    public String json() {
        return RepositoryJson.MAPPER.writeValueAsString(this);
    }

    public List<String> roleNames() {
        return roles.stream().map(RoleRecord::name).toList();
    }
}

package io.drkit.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

import io.drkit.core.access.AccessReader;
import io.drkit.core.access.PrivilegesFingerprint;
import io.drkit.core.access.PrivilegesScript;
import io.drkit.core.access.RoleScript;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.StoredFile;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.SchemaDump;
import io.drkit.core.repository.PointLayout;

/**
 * The point's access record, in its snapshot: the roles its objects name, owners, grants, policies,
 * default privileges, the database's settings and extensions. A part the backup user may not read
 * is left out and named in the point's warnings; the backup goes on.
 */
final class AccessCapture {

    /** What was stored, and what could not be captured. */
    record Captured(Manifest.Access access, List<String> warnings) {}

    private AccessCapture() {}

    static Captured capture(ActiveBackup b) throws IOException {
        List<String> schemas = b.settings().schemas();
        AccessReader.Read read;
        try {
            read = AccessReader.read(b.snapshot().connection(), schemas, b.settings().rolePasswords());
        } catch (SQLException e) {
            throw DrkitException.failed("reading the source's roles and privileges failed: "
                    + JdbcUrl.redact(e.getMessage()), e);
        }
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        SchemaDump.dumpWithAccess(b.source(), b.plan().snapshotId(), schemas, dump);
        String privileges = PrivilegesScript.of(b.pointId(), dump.toString(StandardCharsets.UTF_8),
                read.catalog().settings());
        String suffix = b.codec().suffix();
        StoredFile roles = SchemaTasklet.upload(b, PointLayout.schema(b.pointId(), "roles", suffix),
                text(RoleScript.of(b.pointId(), read.catalog().roles())));
        StoredFile privilegesFile = SchemaTasklet.upload(b, PointLayout.schema(b.pointId(), "privileges", suffix),
                text(privileges));
        StoredFile catalog = SchemaTasklet.upload(b, PointLayout.schemaFile(b.pointId(), "access.json", suffix),
                text(read.catalog().json()));
        boolean passwords = read.catalog().roles().stream().anyMatch(r -> r.passwordHash() != null);
        return new Captured(new Manifest.Access(roles, privilegesFile, catalog, read.catalog().roleNames(),
                PrivilegesFingerprint.of(read.catalog().objects()), read.catalog().settings(),
                read.catalog().extensions(), passwords), read.warnings());
    }

    private static EncodedUpload.Body text(String s) {
        return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}

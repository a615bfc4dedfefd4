package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import io.drkit.core.testing.TestRoles;
import tools.jackson.databind.JsonNode;

/**
 * A backup user that is no superuser cannot read the roles' passwords (pg_authid), and here not the
 * database's settings either: the backup still succeeds, warns once about each part it could not
 * capture, records it in the manifest, and {@code verify}, {@code verify --restore} and their
 * reports say which part is missing.
 */
@ExtendWith(RealServices.class)
class LimitedBackupUserIT {

    static final String PASSWORDS = "role passwords not captured: the backup user may not read pg_catalog.pg_authid";
    static final String SETTINGS = "database settings (ALTER DATABASE ... SET, ALTER ROLE ... IN DATABASE ... SET) "
            + "not captured: the backup user may not read pg_catalog.pg_db_role_setting";

    @TempDir
    Path dir;

    private final TestRoles roles = new TestRoles();
    private final String backupUser = roles.name("backup");
    private final String app = roles.name("app");

    @AfterEach
    void dropRoles() {
        roles.close();
    }

    @Test
    void theBackupSucceedsWarnsOnceAndTheReportsSayWhatWasNotCaptured(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(200);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            // what a backup needs and no more (pg_read_all_data would read pg_authid too)
            s.execute("CREATE ROLE " + backupUser + " LOGIN");
            s.execute("GRANT USAGE ON SCHEMA tracking TO " + backupUser);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA tracking TO " + backupUser);
            s.execute("GRANT SELECT ON ALL SEQUENCES IN SCHEMA tracking TO " + backupUser);
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app-secret'");
            s.execute("GRANT USAGE ON SCHEMA tracking TO " + app);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA tracking TO " + app);
            s.execute("ALTER DATABASE " + source.name() + " SET search_path = tracking, public");
            // only in this database: the catalog's row here is this database's own
            s.execute("REVOKE SELECT ON pg_catalog.pg_db_role_setting FROM PUBLIC");
        }
        JdbcUrl admin = source.url();
        b.env.put("DRKIT_SOURCE_URL", "jdbc:postgresql://" + admin.host() + ":" + admin.port() + "/" + admin.database()
                + "?user=" + backupUser);
        b.env.put("DRKIT_BACKUP_ROLEPASSWORDS", "true");
        b.env.put("DRKIT_SCRATCH_URL", admin.withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.init();

        DrkitProcess.Result backup = b.drkit("backup", "--full", "--json");
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        assertThat(occurrences(backup.stderr(), PASSWORDS)).as(backup.stderr()).isEqualTo(1);
        assertThat(occurrences(backup.stderr(), SETTINGS)).as(backup.stderr()).isEqualTo(1);
        JsonNode point = BackupFixture.JSON.readTree(backup.stdout());
        assertThat(point.get("warnings")).hasSize(2);
        assertThat(point.get("rolePasswords").asBoolean()).isFalse();
        assertThat(point.get("roles").toString()).contains(app);
        String pointId = point.get("pointId").asString();
        String manifest = Files.readString(Path.of(java.net.URI.create(b.repository)).resolve("points").resolve(pointId)
                .resolve("manifest.json"));
        assertThat(manifest).contains(PASSWORDS, SETTINGS);

        DrkitProcess.Result verify = b.drkit("verify", "--json");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(BackupFixture.JSON.readTree(verify.stdout()).get("warnings").toString())
                .contains("point " + pointId + ": " + PASSWORDS, "point " + pointId + ": " + SETTINGS);
        DrkitProcess.Result restore = b.drkit("verify", "--restore");
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(restore.stdout()).contains("warning: " + PASSWORDS, "warning: " + SETTINGS);

        List<Path> reports;
        try (var files = Files.walk(dir.resolve("reports"))) {
            reports = files.filter(f -> f.getFileName().toString().matches(".*-verify-(objects|restore)-.*\\.(json|html)"))
                    .toList();
        }
        assertThat(reports).hasSize(4).allSatisfy(f -> assertThat(Files.readString(f)).as(f.getFileName().toString())
                .contains("role passwords not captured", "pg_catalog.pg_authid", "pg_catalog.pg_db_role_setting"));
    }

    private static int occurrences(String text, String what) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }
}

package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import io.drkit.core.testing.TestRoles;
import tools.jackson.databind.JsonNode;

/**
 * Role passwords, when a backup is asked for them: their hashes are stored encrypted with the
 * repository's key, never in clear text in any object, output, log or report; a restore gives them
 * back only when asked, and otherwise creates the role without LOGIN.
 */
@ExtendWith(RealServices.class)
class RolePasswordsIT {

    @TempDir
    Path dir;

    private final TestRoles roles = new TestRoles();
    private final String app = roles.name("app");
    private final String password = "pw-" + UUID.randomUUID();
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void dropRoles() {
        roles.close();
    }

    @Test
    void hashesAreEncryptedNeverShownAndComeBackOnlyWhenAsked(TestDatabase source, TestDatabase catalog,
            TestDatabase plain, TestDatabase withPasswords) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE parcels (id int PRIMARY KEY, weight numeric)");
            s.execute("INSERT INTO parcels SELECT g, g / 10.0 FROM generate_series(1, 100) g");
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD '" + password + "'");
            s.execute("GRANT SELECT ON parcels TO " + app);
        }
        String hash = hashOf(source.url());
        assertThat(hash).startsWith("SCRAM-SHA-256$");
        Path keyFile = dir.resolve("repository.key");
        seen(b.drkit("init", "--generate-key", keyFile.toString()));
        b.env.put("DRKIT_ENCRYPTION_KEY_FILE", keyFile.toString());
        b.env.put("DRKIT_BACKUP_ROLEPASSWORDS", "true");
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());

        JsonNode point = BackupFixture.JSON.readTree(seen(b.drkit("backup", "--full", "--json")).stdout());
        assertThat(point.get("rolePasswords").asBoolean()).isTrue();
        assertThat(point.get("warnings")).isEmpty();
        seen(b.drkit("verify"));
        seen(b.drkit("verify", "--restore"));

        roles.drop();
        DrkitProcess.Result plainRestore = seen(b.drkit(Map.of(), "restore", "--target-url", plain.url().url()));
        assertThat(plainRestore.stdout()).as("the phases in words, not a Java map").containsPattern("phases: roles \\d+\\.\\d s, "
                + "pre-data \\d+\\.\\d s, data ").contains("decrypt and decompress ").doesNotContain("{").doesNotContain("=");
        assertThat(login(plain.url())).as("created without LOGIN, without a password").isEqualTo("false null");

        roles.drop();
        DrkitProcess.Result restored = seen(b.drkit(Map.of(), "restore", "--target-url", withPasswords.url().url(),
                "--with-role-passwords", "--json"));
        assertThat(BackupFixture.JSON.readTree(restored.stdout()).get("createdRoles").toString()).contains(app);
        assertThat(login(withPasswords.url())).isEqualTo("true " + hash);

        List<String> secrets = List.of(password, hash, hash.substring(hash.indexOf('$') + 1), "SCRAM-SHA-256$");
        for (String text : seen) {
            assertThat(text).as("command output").doesNotContain(secrets);
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(keyFile)).toList()) {
                String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(content).as("file " + dir.relativize(f)).doesNotContain(secrets);
            }
        }
        assertThat(dir.resolve("reports")).isNotEmptyDirectory();
    }

    private DrkitProcess.Result seen(DrkitProcess.Result r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        seen.add(r.all());
        return r;
    }

    private String hashOf(JdbcUrl database) throws Exception {
        try (Connection c = PgConnections.open(database, "test"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = '" + app + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String login(JdbcUrl database) throws Exception {
        try (Connection c = PgConnections.open(database, "test"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = '" + app + "'")) {
            rs.next();
            return rs.getBoolean(1) + " " + rs.getString(2);
        }
    }
}

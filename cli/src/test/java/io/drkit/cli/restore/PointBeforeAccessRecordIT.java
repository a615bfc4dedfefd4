package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A point taken before drkit recorded roles and privileges (its manifest has no {@code access} and
 * no {@code warnings}, its schema folder no roles.sql, privileges.sql or access.json) still
 * verifies, restores, passes a restore verification (which says what it could not compare) and
 * comes back through the break-glass script, as it did.
 */
@ExtendWith(RealServices.class)
class PointBeforeAccessRecordIT {

    @TempDir
    Path dir;

    @Test
    void anOlderPointVerifiesAndRestoresAsBefore(TestDatabase source, TestDatabase catalog, TestDatabase target)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(200);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.init();
        String pointId = b.backup().get("pointId").asString();
        Path point = Path.of(java.net.URI.create(b.repository)).resolve("points").resolve(pointId);
        ObjectNode manifest = (ObjectNode) BackupFixture.JSON.readTree(Files.readString(point.resolve("manifest.json")));
        for (String file : List.of("roles.sql.zst", "privileges.sql.zst", "access.json.zst")) {
            Files.delete(point.resolve("schema").resolve(file));
        }
        manifest.remove("access");
        manifest.remove("warnings");
        Files.writeString(point.resolve("manifest.json"), BackupFixture.JSON.writeValueAsString(manifest));

        DrkitProcess.Result verify = b.drkit("verify");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        DrkitProcess.Result restore = b.drkit("verify", "--restore", "--json");
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        JsonNode checks = BackupFixture.JSON.readTree(restore.stdout()).get("checks");
        assertThat(checks).filteredOn(c -> c.get("kind").asString().equals("privileges")).singleElement()
                .satisfies(c -> {
                    assertThat(c.get("passed").isNull()).as(c.toString()).isTrue();
                    assertThat(c.get("detail").asString()).contains("before drkit recorded owners and privileges");
                });

        b.breakGlassInto(pointId, target);
        assertThat(RestoreFixture.dataOf(target.url())).isEqualTo(RestoreFixture.dataOf(source.url()));
    }
}

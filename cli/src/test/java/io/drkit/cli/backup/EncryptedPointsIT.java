package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * Points encrypted in both object formats restore with {@code drkit restore}: one written by drkit
 * before it used Tink (format version 1, committed under fixtures/encrypted-point-v1 with its key:
 * 40 parcels), and a new one, written with Tink's streaming AEAD, into the same repository. The old
 * point also predates the recorded digest algorithm (its digests are SHA-256 sums): it still passes
 * {@code verify --restore}, while the new point records XXH3-128 sums.
 */
@ExtendWith(RealServices.class)
class EncryptedPointsIT {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "fixtures", "encrypted-point-v1");
    private static final String V1_POINT = "20261127T063831Z-full-0a2f";

    @TempDir
    Path dir;

    @Test
    void aPointWrittenBeforeTinkRestoresAndANewPointBesideItUsesTink(TestDatabase source, TestDatabase catalog,
            TestDatabase old, TestDatabase fresh) throws Exception {
        copy(FIXTURE, dir.resolve("fixture"));
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir.resolve("fixture")).seeded(200);
        f.env.put("DRKIT_ENCRYPTION_KEY_FILE", dir.resolve("fixture/repository.key").toString());

        DrkitProcess.Result restored = f.drkit("restore", "--point", V1_POINT, "--target-url", old.url().url());
        assertThat(restored.exitCode()).as(restored.all()).isZero();
        try (Connection c = old.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), sum(weight_grams), "
                        + "(SELECT waybill || ' ' || status FROM parcel WHERE id = 17) FROM parcel")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(40);
            assertThat(rs.getLong(2)).isEqualTo(40 * 100 + 7 * (40 * 41 / 2));
            assertThat(rs.getString(3)).isEqualTo("WB00000017 delivered");
        }
        f.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        f.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        DrkitProcess.Result verified = f.drkit("verify", "--restore", "--point", V1_POINT, "--json");
        assertThat(verified.exitCode()).as(verified.all()).isZero();
        assertThat(BackupFixture.JSON.readTree(verified.stdout()).get("tables")).singleElement().satisfies(t -> {
            assertThat(t.get("matches").asBoolean()).as(t.toString()).isTrue();
            assertThat(t.get("restoredDigest").asString())
                    .isEqualTo("014d421210d23fae05a2bc385dadb40dcdc62725a9b35270bc4b3ba1f71679c9");
        });

        JsonNode point = f.backup();
        String pointId = point.get("pointId").asString();
        Path manifest = dir.resolve("fixture/repo/points").resolve(pointId).resolve("manifest.json");
        JsonNode written = BackupFixture.JSON.readTree(Files.readString(manifest));
        assertThat(written.get("codec").get("encryption").asString()).isEqualTo("AES256_GCM_HKDF_1MB");
        assertThat(written.get("digestAlgorithm").asString()).isEqualTo("xxh3-128-sum");
        try (Stream<Path> objects = Files.walk(manifest.getParent())) {
            assertThat(objects.filter(p -> p.toString().endsWith(".enc")).toList()).isNotEmpty().allSatisfy(o ->
                    assertThat(Files.readAllBytes(o)[8]).as("format version of %s", o).isEqualTo((byte) 2));
        }
        restored = f.drkit("restore", "--point", pointId, "--target-url", fresh.url().url());
        assertThat(restored.exitCode()).as(restored.all()).isZero();
        assertThat(BackupFixture.dataDump(fresh)).isEqualTo(BackupFixture.dataDump(source));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

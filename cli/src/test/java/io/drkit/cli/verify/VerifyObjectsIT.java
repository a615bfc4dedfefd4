package io.drkit.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.OnS3;
import io.drkit.cli.RepositoryObjects;
import io.drkit.cli.TestStore;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * {@code drkit verify}: each kind of damage is found, named, and exits 3 (on S3, the damage done with
 * the AWS SDK's own client); sampled runs read what was read longest ago (in a directory).
 */
@ExtendWith(RealServices.class)
class VerifyObjectsIT {

    @TempDir
    Path dir;

    private BackupFixture b;
    private TestDatabase catalog;
    private String pointId;
    private RepositoryObjects repo;

    @BeforeEach
    void backUp(TestInfo test, TestDatabase source, TestDatabase catalog) {
        this.catalog = catalog;
        b = TestStore.of(test).fixture(source, catalog, dir).seeded(400);
        b.init();
        pointId = b.backup().get("pointId").asString();
        repo = RepositoryObjects.of(b.repository);
    }

    @Test
    @OnS3
    void everyKindOfDamageIsFoundAndNamed() throws Exception {
        JsonNode clean = verify(0, "--point", pointId);
        assertThat(clean.get("verdict").asString()).isEqualTo("passed");
        assertThat(clean.get("objectsRead").asInt()).isEqualTo(clean.get("objectsInPoints").asInt()).isGreaterThan(6);

        String part = parts("tracking.shipments").get(0);
        byte[] saved = repo.read(part);

        repo.write(part, flipped(saved));
        assertProblem(part, "checksum");
        repo.write(part, saved);

        repo.write(part, Arrays.copyOf(saved, saved.length - 100));
        assertProblem(part, "truncated");
        repo.write(part, saved);

        repo.delete(part);
        assertProblem(part, "missing");
        repo.write(part, saved);

        String stray = part.substring(0, part.lastIndexOf('/') + 1) + "99999.copy.zst";
        repo.write(stray, saved);
        assertProblem(stray, "orphan");
        repo.delete(stray);

        String manifest = "points/" + pointId + "/manifest.json";
        String good = new String(repo.read(manifest), StandardCharsets.UTF_8);
        repo.write(manifest, good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8));
        assertProblem(manifest, "manifest");
        repo.write(manifest, good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99")
                .replace("\"formatVersion\":1", "\"formatVersion\":99").getBytes(StandardCharsets.UTF_8));
        assertThat(verify(3, "--all").get("problems").toString()).contains("format version 99");
        repo.write(manifest, good.getBytes(StandardCharsets.UTF_8));

        assertThat(verify(0, "--all").get("verdict").asString()).as("all repaired").isEqualTo("passed");
    }

    @Test
    void sampledRunsReadTheLongestUnreadFirstAndCoverEverythingWithin100OverPercentRuns() throws Exception {
        int total = verify(0, "--sample", "100").get("objectsInPoints").asInt();
        int perRun = (int) Math.ceil(total * 40 / 100.0);
        Set<String> readSoFar = new HashSet<>();
        List<String> previous = readAt();
        for (int run = 1; run <= 3; run++) {
            JsonNode r = verify(0, "--sample", "40");
            assertThat(r.get("objectsRead").asInt()).isEqualTo(perRun);
            List<String> now = readAt();
            List<String> readThisRun = now.subList(now.size() - perRun, now.size());
            assertThat(readThisRun).as("run %d reads what was read longest ago", run)
                    .containsExactlyInAnyOrderElementsOf(previous.subList(0, perRun));
            readSoFar.addAll(readThisRun);
            previous = now;
        }
        assertThat(readSoFar).as("ceil(100/40) = 3 runs read every object").hasSize(total);

        String couriers = parts("tracking.couriers").get(0);
        repo.write(couriers, flipped(repo.read(couriers)));
        Set<String> kinds = new HashSet<>();
        for (int run = 1; run <= 3; run++) {
            DrkitProcess.Result r = b.drkit("verify", "--sample", "40", "--json");
            kinds.add(r.exitCode() + " " + BackupFixture.JSON.readTree(r.stdout()).get("problems").toString());
        }
        assertThat(kinds).as("bit rot is found within 3 sampled runs").anySatisfy(k -> assertThat(k)
                .startsWith("3 ").contains("checksum"));
    }

    /** Object keys ordered by when they were last read, oldest first (the catalog's history). */
    private List<String> readAt() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        try (Connection c = catalog.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT object_key FROM drkit_object_read ORDER BY read_at, object_key")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /** The bytes with one bit flipped in the middle: bit rot. */
    private static byte[] flipped(byte[] data) {
        byte[] rotten = data.clone();
        rotten[rotten.length / 2] ^= 0x01;
        return rotten;
    }

    private void assertProblem(String key, String kind) {
        JsonNode r = verify(3, "--all");
        assertThat(r.get("verdict").asString()).isEqualTo("failed");
        assertThat(r.get("problems")).hasSize(1);
        assertThat(r.get("damagedObjects").get(0).get("key").asString()).isEqualTo(key);
        assertThat(r.get("damagedObjects").get(0).get("kind").asString()).isEqualTo(kind);
    }

    private JsonNode verify(int exitCode, String... args) {
        String[] all = Stream.concat(Stream.of("verify", "--json"), Stream.of(args)).toArray(String[]::new);
        DrkitProcess.Result r = b.drkit(all);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(exitCode);
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private List<String> parts(String table) {
        return repo.keys("points/" + pointId + "/data/" + table + "/");
    }
}

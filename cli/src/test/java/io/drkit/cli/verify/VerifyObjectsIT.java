package io.drkit.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/** {@code drkit verify} on a file repository: each kind of damage is found, named, and exits 3. */
@ExtendWith(RealServices.class)
class VerifyObjectsIT {

    @TempDir
    Path dir;

    private BackupFixture b;
    private TestDatabase catalog;
    private String pointId;
    private Path point;

    @BeforeEach
    void backUp(TestDatabase source, TestDatabase catalog) {
        this.catalog = catalog;
        b = BackupFixture.onFiles(source, catalog, dir).seeded(400);
        b.init();
        pointId = b.backup().get("pointId").asString();
        point = dir.resolve("repo/points/" + pointId);
    }

    @Test
    void everyKindOfDamageIsFoundAndNamed() throws Exception {
        JsonNode clean = verify(0, "--point", pointId);
        assertThat(clean.get("verdict").asString()).isEqualTo("whole");
        assertThat(clean.get("objectsRead").asInt()).isEqualTo(clean.get("objectsInPoints").asInt()).isGreaterThan(6);

        Path part = parts("tracking.shipments").get(0);
        Path saved = Files.copy(part, dir.resolve("saved"), StandardCopyOption.REPLACE_EXISTING);

        BackupFixture.flipOneByte(part);
        assertProblem(part, "checksum");
        Files.copy(saved, part, StandardCopyOption.REPLACE_EXISTING);

        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }
        assertProblem(part, "truncated");
        Files.copy(saved, part, StandardCopyOption.REPLACE_EXISTING);

        Files.delete(part);
        assertProblem(part, "missing");
        Files.copy(saved, part, StandardCopyOption.REPLACE_EXISTING);

        Path stray = part.resolveSibling("99999.copy.zst");
        Files.copy(saved, stray);
        assertProblem(stray, "orphan");
        Files.delete(stray);

        Path manifest = point.resolve("manifest.json");
        String good = Files.readString(manifest);
        Files.writeString(manifest, good.substring(0, good.length() / 2));
        assertProblem(manifest, "manifest");
        Files.writeString(manifest, good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99")
                .replace("\"formatVersion\":1", "\"formatVersion\":99"));
        assertThat(verify(3, "--all").get("problems").toString()).contains("format version 99");
        Files.writeString(manifest, good);

        assertThat(verify(0, "--all").get("verdict").asString()).as("all repaired").isEqualTo("whole");
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

        BackupFixture.flipOneByte(parts("tracking.couriers").get(0));
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

    private void assertProblem(Path object, String kind) {
        String key = dir.resolve("repo").relativize(object).toString();
        JsonNode r = verify(3, "--all");
        assertThat(r.get("verdict").asString()).isEqualTo("damaged");
        assertThat(r.get("problems")).hasSize(1);
        assertThat(r.get("problems").get(0).get("key").asString()).isEqualTo(key);
        assertThat(r.get("problems").get(0).get("kind").asString()).isEqualTo(kind);
    }

    private JsonNode verify(int exitCode, String... args) {
        String[] all = Stream.concat(Stream.of("verify", "--json"), Stream.of(args)).toArray(String[]::new);
        DrkitProcess.Result r = b.drkit(all);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(exitCode);
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private List<Path> parts(String table) throws Exception {
        try (Stream<Path> s = Files.list(point.resolve("data/" + table))) {
            return s.sorted().toList();
        }
    }
}

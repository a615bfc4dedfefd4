package io.drkit.cli.backup;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.OutsideKill;
import io.drkit.cli.RepositoryObjects;
import io.drkit.cli.TestStore;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * A backup killed at any moment leaves nothing that {@code list} shows, and the same command run
 * again ends with exactly one whole point and no stray objects. The kills are of two kinds: drkit's
 * fail points halt it at exact places ({@code halted...}), and a real SIGKILL sent from outside after
 * a sign of work, on a directory and on S3 ({@code killedFromOutside...}).
 */
@ExtendWith(RealServices.class)
class BackupRestartIT {

    /** The exit status of a JVM that a fail point halted with the status {@code kill -9} gives. */
    private static final int KILLED = 137;

    @TempDir
    Path dir;

    @Test
    void haltedByTheFailPointRightAfterTheSnapshotTheRerunTakesANewPoint(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture f = ready(source, catalog);

        assertKilled(f.drkit(Map.of("DRKIT_FAILPOINTS_HALTAFTERSNAPSHOT", "true"), "backup", "--full", "--json"));
        assertThat(f.list()).as("no half point is listed").isEmpty();

        JsonNode point = f.backup();
        assertOnlyObjectsOf(f, point.get("pointId").asString());
        assertThat(point.get("uploads").asInt()).isEqualTo(point.get("parts").asInt());
    }

    @Test
    void haltedByTheFailPointWithSomePartsStoredTheRerunRemovesThemAndTakesANewPoint(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture f = ready(source, catalog);

        assertKilled(f.drkit(Map.of("DRKIT_FAILPOINTS_HALTAFTERPARTS", "2"), "backup", "--full", "--json"));
        assertThat(f.list()).isEmpty();
        List<String> dead = pointDirectories(f);
        assertThat(dead).hasSize(1);
        assertThat(objectsUnder(f, dead.get(0))).as("the parts the dead run stored").hasSizeGreaterThanOrEqualTo(2);

        JsonNode point = f.backup();

        assertThat(point.get("pointId").asString()).isNotEqualTo(dead.get(0));
        assertThat(point.get("removedPointIds").get(0).asString()).isEqualTo(dead.get(0));
        assertOnlyObjectsOf(f, point.get("pointId").asString());
    }

    @Test
    void haltedByTheFailPointJustBeforeTheManifestTheRerunFinishesTheSamePointWithoutUploadingAgain(TestDatabase source,
            TestDatabase catalog, TestDatabase target) throws Exception {
        BackupFixture f = ready(source, catalog);

        assertKilled(f.drkit(Map.of("DRKIT_FAILPOINTS_HALTBEFOREMANIFEST", "true"), "backup", "--full", "--json"));
        assertThat(f.list()).isEmpty();
        List<String> dead = pointDirectories(f);
        assertThat(dead).hasSize(1);
        List<Path> stored = objectsUnder(f, dead.get(0));

        JsonNode point = f.backup();

        assertThat(point.get("pointId").asString()).as("the same point is finished").isEqualTo(dead.get(0));
        assertThat(point.get("uploads").asInt()).as("parts uploaded again").isZero();
        assertThat(point.get("attempts").asInt()).isEqualTo(2);
        assertThat(objectsUnder(f, dead.get(0))).containsAll(stored);
        assertOnlyObjectsOf(f, dead.get(0));
        f.breakGlassInto(dead.get(0), target);
        assertThatRestored(target).as("the finished point, restored by the break-glass script").isTheSource(SourceCapture.of(source));
    }

    /**
     * SIGKILL from outside, after a sign of work the seed picks: on S3 while the largest part is a
     * multipart upload (begun, or with a part uploaded), which the kill must leave behind and the rerun
     * must abort; in a directory while a part is being written, after some parts or after the schema.
     */
    @ParameterizedTest
    @EnumSource(TestStore.class)
    void killedFromOutsideAfterASignOfWorkTheRerunLeavesOneWholePointThatRestoresAsTheSource(TestStore store,
            TestDatabase source, TestDatabase catalog, TestDatabase target) throws Exception {
        BackupFixture f = store.fixture(source, catalog, dir).seeded(1500);
        photos(source, 20);
        f.init();
        // one part at a time, largest first: the photos' part is written before the others
        f.env.put("DRKIT_BACKUP_PARALLELISM", "1");
        RepositoryObjects repo = RepositoryObjects.of(f.repository);
        OutsideKill.Seed seed = OutsideKill.seed("backup --full on " + store);
        OutsideKill.Sign sign = seed.pick(store == TestStore.S3 ? List.of(
                new OutsideKill.Sign("a multipart upload begun", () -> repo.unfinishedWrites() > 0),
                new OutsideKill.Sign("a part of a multipart upload uploaded", () -> repo.partsOfUnfinishedWrites() > 0))
                : List.of(new OutsideKill.Sign("a data part being written", () -> repo.keys("points/").stream()
                                .anyMatch(k -> k.contains("/data/") && k.contains(RepositoryObjects.TEMP_MARK))),
                        storedParts(repo, seed.between(1, 3)),
                        new OutsideKill.Sign("the schema stored", () -> repo.keys("points/").stream()
                                .anyMatch(k -> k.contains("/schema/pre-data") && !k.contains(RepositoryObjects.TEMP_MARK)))));

        OutsideKill.Killed killed = OutsideKill.afterSign(f.env, dir, sign, seed, "backup", "--full");

        assertThat(f.list()).as(killed + ": no half point is listed").isEmpty();
        if (store == TestStore.S3) {
            assertThat(repo.unfinishedWrites()).as(killed + ": the kill left its multipart upload").isPositive();
        }

        JsonNode point = f.backup();

        String pointId = point.get("pointId").asString();
        assertThat(f.list()).as(killed.toString()).singleElement().satisfies(p -> assertThat(p.get("pointId").asString())
                .isEqualTo(pointId));
        assertThat(repo.unfinishedWrites()).as(killed + ": no multipart upload or temporary file left").isZero();
        assertThat(repo.keys("")).as(killed + ": every object is the descriptor or the new point's")
                .allMatch(k -> k.equals("drkit.json") || k.startsWith("points/" + pointId + "/"));
        DrkitProcess.Result restored = f.drkit("restore", "--point", pointId, "--target-url", target.url().url(), "--json");
        assertThat(restored.exitCode()).as(killed + "\n" + restored.all()).isZero();
        assertThatRestored(target).as(killed + ": the point restored").isTheSource(SourceCapture.of(source));
    }

    private static OutsideKill.Sign storedParts(RepositoryObjects repo, int parts) {
        return new OutsideKill.Sign(parts + " data part(s) stored", () -> repo.keys("points/").stream()
                .filter(k -> k.contains("/data/") && !k.contains(RepositoryObjects.TEMP_MARK)).count() >= parts);
    }

    /**
     * A table of {@code mebibytes} random photos of 1 MiB, stored out of line: one part of the backup
     * (its heap is one page) that does not compress, so on S3 it goes up as a multipart upload of
     * several parts.
     */
    private static void photos(TestDatabase source, int mebibytes) throws Exception {
        try (Connection c = source.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE tracking.proof_photos (id int PRIMARY KEY, photo bytea NOT NULL)");
                s.execute("ALTER TABLE tracking.proof_photos ALTER COLUMN photo SET STORAGE EXTERNAL");
            }
            Random random = new Random(mebibytes);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tracking.proof_photos VALUES (?, ?)")) {
                for (int i = 0; i < mebibytes; i++) {
                    byte[] photo = new byte[1 << 20];
                    random.nextBytes(photo);
                    insert.setInt(1, i);
                    insert.setBytes(2, photo);
                    insert.executeUpdate();
                }
            }
        }
    }

    @Test
    void sigtermDuringTheDataStepStopsBetweenPartsAndRemovesWhatTheStoppedPointStored(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture f = ready(source, catalog);
        f.env.put("DRKIT_BACKUP_PARALLELISM", "1");
        Path log = dir.resolve("stopped-backup.log");
        Process p = DrkitProcess.start(f.env, dir, log, "backup", "--full");
        awaitFirstPart(f, p);
        p.destroy(); // SIGTERM

        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        if (outranTheSignal(f, p)) {
            return;
        }
        assertThat(p.exitValue()).as(output).isEqualTo(143);
        assertThat(output).contains("stopped on request (SIGTERM): the ").contains("objects point ")
                .contains("had stored are removed; the next backup takes a new point");
        assertThat(f.list()).isEmpty();
        assertThat(dataObjects(f)).as("nothing of the stopped point is left for verify to name").isEmpty();

        JsonNode point = f.backup();

        assertThat(point.get("removedPointIds")).as("nothing left for the next backup to clear").isEmpty();
        assertOnlyObjectsOf(f, point.get("pointId").asString());
    }

    @Test
    void aPartThatFailsIsRetriedInTheSameRunAndNoStoredPartIsUploadedTwice(TestDatabase source, TestDatabase catalog,
            TestDatabase target) {
        BackupFixture f = ready(source, catalog);
        SourceCapture expected = SourceCapture.of(source);

        DrkitProcess.Result r = f.drkit(Map.of("DRKIT_FAILPOINTS_FAILPARTONCE", "0"), "backup", "--full", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout().strip()).as("stdout holds the JSON result only").startsWith("{").endsWith("}");
        JsonNode point = BackupFixture.JSON.readTree(r.stdout());
        assertThat(point.get("attempts").asInt()).isEqualTo(2);
        assertThat(point.get("uploads").asInt()).isEqualTo(point.get("parts").asInt());
        assertThat(r.stderr()).contains("restarting it, parts already stored are kept");
        assertRestoresAs(f, point.get("pointId").asString(), target, expected);
    }

    /** {@code drkit restore} of the point gives the source as pg_dump saw it: the retried part once, whole. */
    private static void assertRestoresAs(BackupFixture f, String pointId, TestDatabase target, SourceCapture expected) {
        DrkitProcess.Result r = f.drkit(Map.of("DRKIT_SCRATCH_URL", f.source.url().withDatabase("postgres").url()),
                "restore", "--point", pointId, "--target-url", target.url().url());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThatRestored(target).as("point %s restored", pointId).isTheSource(expected);
    }

    private BackupFixture ready(TestDatabase source, TestDatabase catalog) {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(1500);
        f.init();
        return f;
    }

    /**
     * Waits (bounded) until the backup has stored a data part, or has ended. Whether the signal sent
     * next lands is not assumed: a machine fast enough to finish first is judged on what it left.
     */
    private static void awaitFirstPart(BackupFixture f, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (dataObjects(f).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(!dataObjects(f).isEmpty() || !p.isAlive()).as("a part stored within two minutes").isTrue();
    }

    /**
     * True where the backup finished before the signal reached it; then its outcome is what a finished
     * backup leaves, one whole point and nothing stray, and there is no stopped run to judge.
     */
    private static boolean outranTheSignal(BackupFixture f, Process p) throws IOException {
        if (p.exitValue() != 0) {
            return false;
        }
        System.out.println("the backup finished before the signal reached it: its outcome is checked instead");
        assertThat(f.list()).hasSize(1);
        assertOnlyObjectsOf(f, f.list().get(0).get("pointId").asString());
        return true;
    }

    private static void assertKilled(DrkitProcess.Result r) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(KILLED);
    }

    private static Path repo(BackupFixture f) {
        return Path.of(java.net.URI.create(f.repository));
    }

    private static List<String> pointDirectories(BackupFixture f) throws IOException {
        Path points = repo(f).resolve("points");
        if (!Files.isDirectory(points)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(points)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> objectsUnder(BackupFixture f, String pointId) throws IOException {
        try (Stream<Path> s = Files.walk(repo(f).resolve("points").resolve(pointId))) {
            return s.filter(Files::isRegularFile).map(p -> repo(f).relativize(p)).sorted().toList();
        }
    }

    private static List<Path> dataObjects(BackupFixture f) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String point : pointDirectories(f)) {
            objectsUnder(f, point).stream().filter(p -> p.toString().contains("/data/")).forEach(found::add);
        }
        return found;
    }

    /** Every object in the repository is the descriptor or belongs to {@code pointId}, which is listed. */
    private static void assertOnlyObjectsOf(BackupFixture f, String pointId) throws IOException {
        assertThat(f.list()).hasSize(1);
        assertThat(f.list().get(0).get("pointId").asString()).isEqualTo(pointId);
        try (Stream<Path> s = Files.walk(repo(f))) {
            List<String> stray = s.filter(Files::isRegularFile).map(p -> repo(f).relativize(p).toString())
                    .filter(p -> !p.equals("drkit.json") && !p.startsWith("points/" + pointId + "/")).toList();
            assertThat(stray).as("objects outside the listed point").isEmpty();
        }
    }
}

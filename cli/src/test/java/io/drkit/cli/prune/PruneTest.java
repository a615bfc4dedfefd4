package io.drkit.cli.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.retention.RetentionPolicy;
import io.drkit.testing.ChangeCapture;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prune on a history of points spanning months (a real full point and an incremental on it, copied
 * under the ids and times of earlier days, as full points and as chains): the dry run removes nothing;
 * the run removes exactly what the policy lets go, keeps the newest point a restore proved whole
 * however old, with the full point it stands on, and leaves every kept point and chain whole.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class PruneTest {

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void removesWhatThePolicyLetsGoAndKeepsTheVerifiedPointAndEveryKeptChainWhole(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(150);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        b.env.putAll(Map.of("DRKIT_RETENTION_KEEPLAST", "2", "DRKIT_RETENTION_KEEPDAILY", "3",
                "DRKIT_RETENTION_KEEPWEEKLY", "2", "DRKIT_RETENTION_KEEPMONTHLY", "2"));
        b.init();
        JsonNode full = b.backup();
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE tracking.shipments SET declared_value = coalesce(declared_value, 0) + 1 "
                    + "WHERE waybill IN (SELECT waybill FROM tracking.shipments ORDER BY waybill LIMIT 5)");
            s.executeUpdate("DELETE FROM tracking.delivery_proofs WHERE waybill IN "
                    + "(SELECT waybill FROM tracking.delivery_proofs ORDER BY waybill LIMIT 3)");
        }
        DrkitProcess.Result inc = b.drkit("backup", "--incremental", "--json");
        assertThat(inc.exitCode()).as(inc.all()).isZero();
        JsonNode incremental = BackupFixture.JSON.readTree(inc.stdout());
        String realFull = full.get("pointId").asString();
        String realIncremental = incremental.get("pointId").asString();

        // a history over four months, made of copies of the real points under the ids and times of
        // earlier days: full points, and two chains of a full point and an incremental on it
        Path points = Path.of(java.net.URI.create(b.repository)).resolve("points");
        List<RetentionPolicy.Point> history = new ArrayList<>();
        history.add(new RetentionPolicy.Point(realFull, Instant.parse(full.get("time").asString())));
        history.add(new RetentionPolicy.Point(realIncremental, Instant.parse(incremental.get("time").asString()),
                realFull));
        int n = 0;
        for (double daysAgo : new double[] {0.2, 1, 1.5, 2, 4, 6, 9, 13, 20, 31, 45, 62, 101}) {
            history.add(copyPoint(points, realFull, daysAgo, ++n, null));
        }
        RetentionPolicy.Point oldFull = copyPoint(points, realFull, 80.1, ++n, null);
        RetentionPolicy.Point old = copyPoint(points, realIncremental, 80, ++n, oldFull.id()); // no rule keeps it
        RetentionPolicy.Point oldestFull = copyPoint(points, realFull, 123.1, ++n, null);
        RetentionPolicy.Point oldest = copyPoint(points, realIncremental, 123, ++n, oldestFull.id());
        history.addAll(List.of(oldFull, old, oldestFull, oldest));
        DrkitProcess.Result verified = b.drkit("verify", "--restore", "--point", old.id());
        assertThat(verified.exitCode()).as("the copied chain restores: " + verified.all()).isZero();

        DrkitProcess.Result dry = b.drkit("prune", "--dry-run", "--json");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(folders(points)).as("a dry run removes nothing").hasSize(history.size());
        List<String> expectedKept = new RetentionPolicy(2, 3, 2, 2)
                .apply(history, Map.of(old.id(), "the newest point a restore proved whole")).stream()
                .filter(RetentionPolicy.Decision::keep).map(d -> d.point().id()).sorted().toList();
        assertThat(expectedKept).as("the verified incremental and the full point it stands on")
                .contains(old.id(), oldFull.id()).doesNotContain(oldest.id(), oldestFull.id())
                .hasSizeLessThan(history.size());
        JsonNode dryResult = BackupFixture.JSON.readTree(dry.stdout());
        assertThat(kept(dryResult)).isEqualTo(expectedKept);
        assertThat(dry.stdout()).contains("point " + old.id() + " stands on it");

        DrkitProcess.Result locked = b.drkit(Map.of("DRKIT_OBJECTLOCK_MODE", "governance", "DRKIT_OBJECTLOCK_RETENTION", "30d"),
                "prune", "--dry-run", "--json");
        assertThat(locked.exitCode()).as(locked.all()).isZero();
        List<String> lockedKept = kept(BackupFixture.JSON.readTree(locked.stdout()));
        history.stream().filter(p -> p.time().isAfter(Instant.now().minus(Duration.ofDays(29))))
                .forEach(p -> assertThat(lockedKept).as("under Object Lock for 30 days").contains(p.id()));
        assertThat(locked.stdout()).contains("under Object Lock until");

        // killed right after the first point's manifest went: that point is gone from every listing, and
        // no manifest names an object that is gone; what it left is an incomplete point the next prune clears
        String first = StreamSupport.stream(dryResult.get("decisions").spliterator(), false)
                .filter(d -> !d.get("keep").asBoolean()).findFirst().orElseThrow().get("point").get("id").asString();
        DrkitProcess.Result crashed = b.drkit(Map.of("DRKIT_PRUNEFAILPOINTS_HALTAFTERMANIFESTS", "1"), "prune");
        assertThat(crashed.exitCode()).as(crashed.all()).isEqualTo(137);
        assertThat(b.drkit("list").stdout()).doesNotContain(first);
        assertThat(folders(points)).contains(first);
        DrkitProcess.Result afterCrash = b.drkit("verify", "--all", "--json");
        JsonNode problems = BackupFixture.JSON.readTree(afterCrash.stdout()).get("problems");
        assertThat(problems).as(afterCrash.all()).hasSize(1);
        assertThat(problems.get(0).get("key").asString()).isEqualTo("points/" + first + "/");
        assertThat(problems.get(0).get("kind").asString()).isEqualTo("orphan");

        DrkitProcess.Result pruned = b.drkit("prune", "--json");

        assertThat(pruned.exitCode()).as(pruned.all()).isZero();
        assertThat(kept(BackupFixture.JSON.readTree(pruned.stdout()))).isEqualTo(expectedKept);
        assertThat(folders(points)).as("nothing left of the removed points").isEqualTo(expectedKept);
        assertThat(pruned.stderr()).contains("prune: removed incomplete point " + first);
        DrkitProcess.Result whole = b.drkit("verify", "--all", "--json");
        assertThat(whole.exitCode()).as("every kept point whole, no orphans: " + whole.all()).isZero();
        assertThat(b.drkit("list").stdout()).contains(old.id());
        DrkitProcess.Result chain = b.drkit("verify", "--restore", "--point", old.id());
        assertThat(chain.exitCode()).as("the kept chain still restores: " + chain.all()).isZero();
    }

    /** The real point's objects under an id of {@code daysAgo}, its manifest saying that id, time and parent. */
    private static RetentionPolicy.Point copyPoint(Path points, String from, double daysAgo, int n, String parent)
            throws IOException {
        Instant time = Instant.now().minus(Duration.ofMinutes((long) (daysAgo * 24 * 60)));
        String to = ID.format(time) + "-" + (parent == null ? "full" : "incremental") + "-" + String.format("%04x", n);
        Path source = points.resolve(from);
        Path target = points.resolve(to);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path copy = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(copy);
                } else if (!f.getFileName().toString().equals("manifest.json")) {
                    Files.copy(f, copy);
                }
            }
        }
        ObjectNode manifest = (ObjectNode) BackupFixture.JSON.readTree(Files.readString(source.resolve("manifest.json"))
                .replace(from, to));
        manifest.put("time", time.toString());
        if (parent != null) {
            manifest.put("parent", parent);
        }
        Files.writeString(target.resolve("manifest.json"), BackupFixture.JSON.writeValueAsString(manifest));
        return new RetentionPolicy.Point(to, time, parent);
    }

    private static List<String> kept(JsonNode result) {
        return StreamSupport.stream(result.get("decisions").spliterator(), false)
                .filter(d -> d.get("keep").asBoolean()).map(d -> d.get("point").get("id").asString()).sorted().toList();
    }

    private static List<String> folders(Path points) throws IOException {
        try (Stream<Path> list = Files.list(points)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

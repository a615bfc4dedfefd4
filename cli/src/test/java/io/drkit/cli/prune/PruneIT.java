package io.drkit.cli.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.RepositoryObjects;
import io.drkit.cli.TestStore;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prune on a history of points spanning months (a real full point and an incremental on it, copied
 * under the ids and times of fixed days of 2025, as full points and as chains; the kept set written
 * by hand): the dry run removes nothing;
 * the run removes exactly what the policy lets go, keeps the newest point a restore proved whole
 * however old, with the full point it stands on, and leaves every kept point and chain whole. The
 * repository is on S3; the history is copied, and what is left is listed, with the AWS SDK's own client.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class PruneIT {

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void removesWhatThePolicyLetsGoAndKeepsTheVerifiedPointAndEveryKeptChainWhole(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = TestStore.S3.fixture(source, catalog, dir).seeded(150);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        b.env.putAll(Map.of("DRKIT_RETENTION_KEEPLAST", "2", "DRKIT_RETENTION_KEEPDAILY", "3",
                "DRKIT_RETENTION_KEEPWEEKLY", "3", "DRKIT_RETENTION_KEEPMONTHLY", "3"));
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

        // a history made of copies of the real points under the ids and times of days in 2025: full points,
        // and two chains of a full point and an incremental on it. Fixed dates, so that the kept set below
        // is worked out by hand from the calendar (the real points are now, after all of them), for
        // the last 2, the newest of 3 days, 3 weeks and 3 months:
        //   last 2            the real incremental and the real full point
        //   days              today (the real incremental), 2025-06-20 (c1), 2025-06-18 (c3)
        //   ISO weeks         this week (the real incremental), 2025-W25 (c1), 2025-W24 (c4, Sunday 15 June)
        //   months            this month (the real incremental), 2025-06 (c1), 2025-05 (c7, 31 May)
        //   proved whole      "old", an incremental of February, and the full point it stands on
        RepositoryObjects points = RepositoryObjects.of(b.repository);
        List<String> history = new ArrayList<>(List.of(realFull, realIncremental));
        String c1 = copyPoint(points, realFull, "2025-06-20T12:00:00Z", 1, null);
        String c2 = copyPoint(points, realFull, "2025-06-20T06:00:00Z", 2, null); // same day as c1, older
        String c3 = copyPoint(points, realFull, "2025-06-18T12:00:00Z", 3, null);
        String c4 = copyPoint(points, realFull, "2025-06-15T12:00:00Z", 4, null);
        String c5 = copyPoint(points, realFull, "2025-06-09T12:00:00Z", 5, null); // Monday of W24: c4 is newer
        String c6 = copyPoint(points, realFull, "2025-06-01T12:00:00Z", 6, null); // W22, a fourth week
        String c7 = copyPoint(points, realFull, "2025-05-31T12:00:00Z", 7, null);
        String c8 = copyPoint(points, realFull, "2025-05-10T12:00:00Z", 8, null);
        String c9 = copyPoint(points, realFull, "2025-04-30T12:00:00Z", 9, null); // a fourth month
        String oldFull = copyPoint(points, realFull, "2025-02-10T00:00:00Z", 10, null);
        String old = copyPoint(points, realIncremental, "2025-02-10T06:00:00Z", 11, oldFull); // no rule keeps it
        String oldestFull = copyPoint(points, realFull, "2025-01-05T00:00:00Z", 12, null);
        String oldest = copyPoint(points, realIncremental, "2025-01-05T06:00:00Z", 13, oldestFull);
        history.addAll(List.of(c1, c2, c3, c4, c5, c6, c7, c8, c9, oldFull, old, oldestFull, oldest));
        // the real points are seconds apart; a run across midnight UTC (or a week's or month's end) gives
        // each its own period, and the oldest period of the hand-worked rule gives way
        java.time.ZonedDateTime fullAt = Instant.parse(full.get("time").asString()).atZone(ZoneOffset.UTC);
        java.time.ZonedDateTime incrementalAt = Instant.parse(incremental.get("time").asString()).atZone(ZoneOffset.UTC);
        List<String> expectedKept = new ArrayList<>(List.of(realIncremental, realFull, c1, old, oldFull));
        if (fullAt.toLocalDate().equals(incrementalAt.toLocalDate())) {
            expectedKept.add(c3);
        }
        if (fullAt.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR)
                == incrementalAt.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR)) {
            expectedKept.add(c4);
        }
        if (fullAt.getMonth() == incrementalAt.getMonth()) {
            expectedKept.add(c7);
        }
        expectedKept.sort(null);
        DrkitProcess.Result verified = b.drkit("verify", "--restore", "--point", old);
        assertThat(verified.exitCode()).as("the copied chain restores: " + verified.all()).isZero();

        DrkitProcess.Result dry = b.drkit("prune", "--dry-run", "--json");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(folders(points)).as("a dry run removes nothing").hasSize(history.size());
        JsonNode dryResult = BackupFixture.JSON.readTree(dry.stdout());
        assertThat(kept(dryResult)).isEqualTo(expectedKept);
        assertThat(dry.stdout()).contains("point " + old + " stands on it");

        DrkitProcess.Result locked = b.drkit(Map.of("DRKIT_OBJECTLOCK_MODE", "governance", "DRKIT_OBJECTLOCK_RETENTION", "3650d"),
                "prune", "--dry-run", "--json");
        assertThat(locked.exitCode()).as(locked.all()).isZero();
        assertThat(kept(BackupFixture.JSON.readTree(locked.stdout()))).as("every point under Object Lock for ten years")
                .isEqualTo(history.stream().sorted().toList());
        assertThat(locked.stdout()).contains("under Object Lock until");

        // killed right after the first point's manifest went: that point is gone from every listing, and
        // no manifest names an object that is gone; what it left is an incomplete point the next prune clears
        String first = StreamSupport.stream(dryResult.get("decisions").spliterator(), false)
                .filter(d -> !d.get("keep").asBoolean()).findFirst().orElseThrow().get("pointId").asString();
        DrkitProcess.Result crashed = b.drkit(Map.of("DRKIT_PRUNEFAILPOINTS_HALTAFTERMANIFESTS", "1"), "prune");
        assertThat(crashed.exitCode()).as(crashed.all()).isEqualTo(137);
        assertThat(b.drkit("list").stdout()).doesNotContain(first);
        assertThat(folders(points)).contains(first);
        DrkitProcess.Result afterCrash = b.drkit("verify", "--all", "--json");
        JsonNode problems = BackupFixture.JSON.readTree(afterCrash.stdout()).get("damagedObjects");
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
        assertThat(b.drkit("list").stdout()).contains(old);
        DrkitProcess.Result chain = b.drkit("verify", "--restore", "--point", old);
        assertThat(chain.exitCode()).as("the kept chain still restores: " + chain.all()).isZero();
    }

    /** The real point's objects under an id of {@code time}, its manifest saying that id, time and parent. */
    private static String copyPoint(RepositoryObjects points, String from, String time, int n, String parent) {
        Instant at = Instant.parse(time);
        String to = ID.format(at) + "-" + (parent == null ? "full" : "incremental") + "-" + String.format("%04x", n);
        String source = "points/" + from + "/";
        String target = "points/" + to + "/";
        for (String key : points.keys(source)) {
            if (!key.equals(source + "manifest.json")) {
                points.write(target + key.substring(source.length()), points.read(key));
            }
        }
        ObjectNode manifest = (ObjectNode) BackupFixture.JSON.readTree(new String(points.read(source + "manifest.json"),
                StandardCharsets.UTF_8).replace(from, to));
        manifest.put("time", at.toString());
        if (parent != null) {
            manifest.put("parent", parent);
        }
        points.write(target + "manifest.json", BackupFixture.JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8));
        return to;
    }

    private static List<String> kept(JsonNode result) {
        return StreamSupport.stream(result.get("decisions").spliterator(), false)
                .filter(d -> d.get("keep").asBoolean()).map(d -> d.get("pointId").asString()).sorted().toList();
    }

    private static List<String> folders(RepositoryObjects points) {
        return points.folders("points/");
    }
}

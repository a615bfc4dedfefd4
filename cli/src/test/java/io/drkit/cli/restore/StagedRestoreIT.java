package io.drkit.cli.restore;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.JsonSchemas;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.RequiredTool;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * A point taken with tiers ({@code drkit.tiers.hot}) restores in two stages: at the serving moment
 * (seen by the {@code --on-serving} command, not by timing) the recent shipments and all their events
 * are there and the history is not; what an application writes from then on is kept; a kill in either
 * stage is resumed by the same command; the end is the source, as an all-at-once restore gives it.
 */
@ExtendWith(RealServices.class)
class StagedRestoreIT {

    private static final int KILLED = 137;
    private static final String NEW_WAYBILL = "SF9999999999";

    @TempDir
    Path dir;

    @Test
    void servesTheHotTierFirstKeepsWhatApplicationsWriteAndResumesAfterAKillInEitherStage(TestDatabase source,
            TestDatabase catalog, TestDatabase staged, TestDatabase oneStage, TestDatabase killedInStage1,
            TestDatabase killedInStage2) throws Exception {
        RequiredTool.find("postgresql-client", "psql");
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(1500);
        b.init();
        String since = scalar(source, "SELECT percentile_disc(0.8) WITHIN GROUP (ORDER BY created_at)::text "
                + "FROM tracking.shipments");
        String hotShipments = "created_at >= '" + since + "' OR status <> 'delivered'";

        // bad tiers stop the backup at its start, naming the entry
        DrkitProcess.Result noTable = b.drkit(config("bad-table.yml", Arrays.asList("tracking.stations", null,
                "tracking.no_such_table", null)), "backup", "--full");
        assertThat(noTable.exitCode()).as(noTable.all()).isEqualTo(2);
        assertThat(noTable.stderr()).contains("drkit.tiers.hot[1]").contains("tracking.no_such_table");
        DrkitProcess.Result badWhere = b.drkit(config("bad-where.yml", Arrays.asList("tracking.shipments",
                "no_such_column > 1")), "backup", "--full");
        assertThat(badWhere.exitCode()).as(badWhere.all()).isEqualTo(2);
        assertThat(badWhere.stderr()).contains("drkit.tiers.hot[0].where").contains("no_such_column");
        assertThat(b.list().size()).as("no point from a refused backup").isZero();

        b.env.putAll(config("tiers.yml", Arrays.asList("tracking.stations", null, "tracking.couriers", null,
                "tracking.shipments", hotShipments, "tracking.tracking_events",
                "waybill IN (SELECT s.waybill FROM tracking.shipments s WHERE " + hotShipments + ")")));
        String pointId = b.backup().get("pointId").asString();
        SourceCapture expected = SourceCapture.of(source);
        JsonNode manifest = BackupFixture.JSON.readTree(dir.resolve("repo/points/" + pointId + "/manifest.json").toFile());
        long hotShipmentRows = tierRows(manifest, "shipments", "hot");
        long hotParts = hotParts(manifest);
        assertThat(hotShipmentRows).as("recent and undelivered shipments are hot")
                .isPositive().isLessThan(count(source, "tracking.shipments"));
        assertThat(tierRows(manifest, "delivery_proofs", "cold")).isEqualTo(count(source, "tracking.delivery_proofs"));

        String recent = scalar(source, "SELECT waybill FROM tracking.shipments ORDER BY created_at DESC LIMIT 1");
        long recentEvents = Long.parseLong(scalar(source,
                "SELECT count(*) FROM tracking.tracking_events WHERE waybill = '" + recent + "'"));
        String station = scalar(source, "SELECT min(code) FROM tracking.stations");
        long maxEventId = Long.parseLong(scalar(source, "SELECT max(id) FROM tracking.tracking_events"));
        Path seen = dir.resolve("at-serving.txt");
        Path onServing = servingScript(seen, recent, station);

        try (RestoreFixture f = new RestoreFixture(b)) {
            DrkitProcess.Result r = f.drkit("restore", "--target-url", staged.url().url(), "--on-serving",
                    onServing.toString(), "--json");
            assertThat(r.exitCode()).as(r.all()).isZero();
            JsonNode doc = BackupFixture.JSON.readTree(r.stdout());
            assertThat(doc.get("servingAt").asString()).as(r.all()).isNotBlank();
            assertThat(doc.get("onServingFailure").isNull()).isTrue();
            assertThat(JsonSchemas.problems("restore", doc)).as("a staged restore's document in the schema").isEmpty();
            assertThat(r.stderr()).contains("restore: serving: database").contains("{\"event\":\"serving\"");

            List<String> atServing = Files.readAllLines(seen);
            assertThat(atServing.get(0)).as("shipments at the serving moment: the hot ones only")
                    .isEqualTo(String.valueOf(hotShipmentRows));
            assertThat(atServing.get(1)).as("delivery proofs (all cold) at the serving moment").isEqualTo("0");
            assertThat(atServing.get(2)).as("the newest waybill's events, all there at the serving moment")
                    .isEqualTo(String.valueOf(recentEvents));
            long newEventId = Long.parseLong(atServing.get(3));
            assertThat(newEventId).as("a new event's id is past every backed-up one").isGreaterThan(maxEventId);

            assertThat(count(staged, "tracking.tracking_events WHERE waybill = '" + NEW_WAYBILL + "'"))
                    .as("the row written while the history loaded is kept").isEqualTo(1);
            try (Connection c = staged.connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM tracking.tracking_events WHERE waybill = '" + NEW_WAYBILL + "'");
                s.execute("DELETE FROM tracking.shipments WHERE waybill = '" + NEW_WAYBILL + "'");
            }
            assertThatRestored(staged).as("staged, less what the application wrote").isTheSourceWithSequencesAtOrPast(expected);

            JsonNode all = f.restore("--target-url", oneStage.url().url(), "--all-at-once");
            assertThat(all.get("servingAt").isNull()).as("--all-at-once never serves early").isTrue();
            assertThat(all.get("phasesSeconds").has("restore.serving")).isFalse();
            assertThatRestored(oneStage).isTheSource(expected);

            killThenResume(f, killedInStage1, String.valueOf(Math.max(1, hotParts / 2)), expected, false);
            killThenResume(f, killedInStage2, String.valueOf(hotParts + 1), expected, true);
        }
    }

    /** Halted after {@code parts} parts (the hot ones load first), then the same command finishes the restore. */
    private static void killThenResume(RestoreFixture f, TestDatabase target, String parts, SourceCapture expected,
            boolean inStage2) throws Exception {
        DrkitProcess.Result killed = f.drkit(Map.of("DRKIT_RESTOREFAILPOINTS_HALTAFTERPARTS", parts), "restore",
                "--target-url", target.url().url());
        assertThat(killed.exitCode()).as(killed.all()).isEqualTo(KILLED);
        assertThat(killed.stderr().contains("restore: serving:")).as("killed in stage " + (inStage2 ? 2 : 1))
                .isEqualTo(inStage2);

        JsonNode r = f.restore("--target-url", target.url().url());

        assertThat(r.get("resumed").asBoolean()).isTrue();
        assertThat(r.get("servingAt").asString()).isNotBlank();
        assertThatRestored(target).as("killed after " + parts + " parts").isTheSource(expected);
    }

    /**
     * The command run at the serving moment: what the database holds then, one figure a line, and a
     * new shipment and scan written as an application would.
     */
    private Path servingScript(Path out, String recent, String station) throws Exception {
        Path script = dir.resolve("on-serving.sh");
        String psql = "psql -X -At -v ON_ERROR_STOP=1 -h \"$DRKIT_SERVING_HOST\" -p \"$DRKIT_SERVING_PORT\" "
                + "-U \"${DRKIT_SERVING_USER:-postgres}\" -d \"$DRKIT_SERVING_DATABASE\" -c ";
        Files.writeString(script, String.join("\n", "#!/bin/sh", "set -e",
                psql + "'SELECT count(*) FROM tracking.shipments' > " + out,
                psql + "'SELECT count(*) FROM tracking.delivery_proofs' >> " + out,
                psql + "\"SELECT count(*) FROM tracking.tracking_events WHERE waybill = '" + recent + "'\" >> " + out,
                psql + "\"INSERT INTO tracking.shipments (waybill, sender_name, sender_phone, sender_address, "
                        + "receiver_name, receiver_phone, receiver_address, origin_station, destination_station, "
                        + "weight_kg, status, created_at, promised_by) VALUES ('" + NEW_WAYBILL + "', 'a', '1', 'b', "
                        + "'c', '2', 'd', '" + station + "', '" + station + "', 1, 'created', now(), current_date + 3)\"",
                psql + "\"INSERT INTO tracking.tracking_events (waybill, event_time, event_type, station, scan) "
                        + "VALUES ('" + NEW_WAYBILL + "', now(), 'created', '" + station + "', '{}') RETURNING id\" "
                        + "| head -1 >> " + out,
                ""));
        script.toFile().setExecutable(true);
        return script;
    }

    /** A configuration file with these hot entries (table, where or null, ...), as {@code DRKIT_CONFIG}. */
    private Map<String, String> config(String name, List<String> entries) throws Exception {
        StringBuilder yml = new StringBuilder("drkit:\n  tiers:\n    hot:\n");
        for (int i = 0; i < entries.size(); i += 2) {
            yml.append("      - table: ").append(entries.get(i)).append('\n');
            if (entries.get(i + 1) != null) {
                yml.append("        where: \"").append(entries.get(i + 1).replace("\"", "\\\"")).append("\"\n");
            }
        }
        Path file = dir.resolve(name);
        Files.writeString(file, yml);
        return Map.of("DRKIT_CONFIG", file.toString());
    }

    private static long tierRows(JsonNode manifest, String table, String tier) {
        for (JsonNode t : manifest.get("tables")) {
            if (t.get("name").asString().equals(table)) {
                for (JsonNode f : t.get("tiers")) {
                    if (f.get("tier").asString().equals(tier)) {
                        return f.get("rows").asLong();
                    }
                }
            }
        }
        throw new AssertionError("no " + tier + " figures for " + table);
    }

    private static long hotParts(JsonNode manifest) {
        long n = 0;
        for (JsonNode t : manifest.get("tables")) {
            for (JsonNode p : t.get("parts")) {
                n += p.get("tier").asString().equals("hot") ? 1 : 0;
            }
        }
        return n;
    }

    private static String scalar(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(TestDatabase db, String from) throws SQLException {
        return Long.parseLong(scalar(db, "SELECT count(*) FROM " + from));
    }
}

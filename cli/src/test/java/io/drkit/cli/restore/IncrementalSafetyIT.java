package io.drkit.cli.restore;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.OutsideKill;
import io.drkit.cli.RepositoryObjects;
import io.drkit.cli.TestStore;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.tracking.TrackingSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.BackgroundTraffic;
import tools.jackson.databind.JsonNode;

/**
 * What can go wrong around a chain: an incremental halted by a fail point before its manifest, or
 * after it but before the slot moved, or killed with SIGKILL from outside once at work; values an
 * update did not send (TOASTed, unchanged); a slot dropped under drkit; incrementals turned off.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class IncrementalSafetyIT {

    private static final int BIG = 200_000;

    @TempDir
    Path dir;

    @Test
    void haltedAtTheFailPointsAndKilledFromOutsideTheChainOnS3StillRestoresAsTheSource(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = TestStore.S3.fixture(source, catalog, dir).seeded(300);
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        try (RestoreFixture f = new RestoreFixture(b)) {
            b.init();
            String[] proofs = proofs(source, 2);
            bigSignature(source, proofs[0]); // in the full point, then an update leaves it out of the stream
            b.backup();
            signedBy(source, proofs[0], "changed after the full point");
            traffic(source, 1500);

            DrkitProcess.Result beforeManifest = b.drkit(Map.of("DRKIT_FAILPOINTS_HALTAFTERCHANGES", "true"),
                    "backup", "--incremental");
            assertThat(beforeManifest.exitCode()).as(beforeManifest.all()).isEqualTo(137);
            bigSignature(source, proofs[1]);
            signedBy(source, proofs[1], "changed in the same point as its signature");
            DrkitProcess.Result beforeConfirm = b.drkit(Map.of("DRKIT_FAILPOINTS_HALTBEFORESLOTCONFIRM", "true"),
                    "backup", "--incremental");
            assertThat(beforeConfirm.exitCode()).as(beforeConfirm.all()).isEqualTo(137);
            assertThat(b.list().get(0).get("kind").asString()).as("the point exists, the slot has not moved past it")
                    .isEqualTo("incremental");

            traffic(source, 1500);
            RepositoryObjects repo = RepositoryObjects.of(b.repository);
            List<String> stored = repo.keys("points/");
            OutsideKill.Seed seed = OutsideKill.seed("backup --incremental on S3");
            OutsideKill.Sign sign = seed.pick(List.of(
                    new OutsideKill.Sign("the chain's slot active", () -> chainSlotActive(source)),
                    new OutsideKill.Sign("a table's changes stored", () -> repo.keys("points/").stream()
                            .anyMatch(k -> k.contains("/changes/") && !stored.contains(k)))));
            OutsideKill.Killed killed = OutsideKill.afterSign(b.env, dir, sign, seed, "backup", "--incremental");

            traffic(source, 1500);
            SourceCapture expected = SourceCapture.of(source);
            JsonNode last = incremental(b);
            JsonNode restored = f.restore("--point", last.get("pointId").asString(), "--keep");
            assertThatRestored(f.scratchServer.withDatabase(restored.get("database").asString()))
                    .as(killed + ": the chain, halted twice and killed once along the way, restored").isTheSource(expected);
            DrkitProcess.Result verify = b.drkit("verify", "--all");
            assertThat(verify.exitCode()).as(killed + ": no object is left over from the killed runs: " + verify.all())
                    .isZero();
            assertThat(repo.unfinishedWrites()).as(killed + ": no multipart upload left").isZero();
        }
    }

    @Test
    void aLostSlotIsNamedAndTheNextFullPointStartsANewChain(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        b.init();
        b.backup();
        incremental(b);
        assertThat(slots(source)).hasSize(1);

        JsonNode reset = BackupFixture.JSON.readTree(b.drkit("init", "--reset-slot", "--json").stdout());
        assertThat(reset.get("droppedSlots")).hasSize(1);
        assertThat(slots(source)).isEmpty();
        DrkitProcess.Result status = b.drkit("status");
        assertThat(status.stdout()).contains("ALERT: the replication slot " + reset.get("droppedSlots").get(0).asString()
                + " of the newest chain is gone");
        DrkitProcess.Result lost = b.drkit("backup", "--incremental");
        assertThat(lost.exitCode()).as(lost.all()).isEqualTo(1);
        assertThat(lost.stderr()).contains("is gone").contains("The next full backup starts a new chain");

        b.backup();
        incremental(b);
        String chain = slots(source).get(0);
        b.backup();
        assertThat(slots(source)).as("a new full point ends the previous chain and its slot").hasSize(1)
                .doesNotContain(chain);

        b.env.put("DRKIT_INCREMENTAL_ENABLED", "false");
        DrkitProcess.Result off = b.drkit("backup", "--incremental");
        assertThat(off.exitCode()).isEqualTo(2);
        assertThat(off.stderr()).contains("DRKIT_INCREMENTAL_ENABLED=true");
        b.backup();
        assertThat(slots(source)).as("with incrementals off, a full backup leaves no slot holding WAL").isEmpty();
    }

    @Test
    void incrementalsRefuseATableWithoutARowIdentityAndATableOrColumnsChangedSinceTheFullPoint(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        sql(source, "CREATE TABLE tracking.unkeyed_notes (note text); INSERT INTO tracking.unkeyed_notes VALUES ('a')");
        b.init();
        b.backup();
        // left out of the publication, so the application can still change it
        sql(source, "UPDATE tracking.unkeyed_notes SET note = 'b'; DELETE FROM tracking.unkeyed_notes");

        DrkitProcess.Result unkeyed = b.drkit("backup", "--incremental");
        assertThat(unkeyed.exitCode()).as(unkeyed.all()).isEqualTo(2);
        assertThat(unkeyed.stderr()).contains("incremental backups cannot capture tracking.unkeyed_notes: without a "
                + "primary key or a replica identity index");
        assertThat(b.list()).as("no point taken").hasSize(1);

        sql(source, "DROP TABLE tracking.unkeyed_notes");
        b.backup(); // a new chain, every table keyed
        sql(source, "ALTER TABLE tracking.couriers ADD COLUMN nickname text; "
                + "UPDATE tracking.couriers SET nickname = 'x' WHERE id = (SELECT min(id) FROM tracking.couriers)");
        DrkitProcess.Result columns = b.drkit("backup", "--incremental");
        assertThat(columns.exitCode()).as(columns.all()).isEqualTo(1);
        assertThat(columns.stderr()).contains("the columns of tracking.couriers changed since the chain's full point")
                .contains("take a full backup to start a new chain");

        sql(source, "CREATE TABLE tracking.extra (id int PRIMARY KEY)");
        DrkitProcess.Result tables = b.drkit("backup", "--incremental");
        assertThat(tables.exitCode()).as(tables.all()).isEqualTo(1);
        assertThat(tables.stderr()).contains("the source's tables changed since the chain's full point")
                .contains("new: tracking.extra");
        assertThat(b.list()).as("two full points, no incremental").extracting(p -> p.get("kind").asString())
                .containsExactlyInAnyOrder("full", "full");
    }

    private static void sql(TestDatabase db, String statements) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    @Test
    void aTransactionLeftOpenOnTheSourceEndsTheWaitForASnapshotAndIsNamed(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        b.init();
        b.backup();
        try (Connection open = source.connect()) {
            open.setAutoCommit(false);
            int pid;
            try (Statement s = open.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid(), txid_current()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            DrkitProcess.Result waited = b.drkit(Map.of("DRKIT_BACKUP_LOCKTIMEOUT", "2s"), "backup", "--incremental");
            assertThat(waited.exitCode()).as(waited.all()).isEqualTo(1);
            assertThat(waited.stderr()).contains("waited 2 s for transactions open on the source to end (pid " + pid);
            open.rollback();
        }
        incremental(b);
    }

    @Test
    void aSourceWithoutLogicalDecodingIsToldWhatToSet(TestDatabase catalog) throws Exception {
        try (EmbeddedPostgres replica = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("wal_level", "replica").start()) {
            JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://127.0.0.1:" + replica.getPort() + "/postgres?user=postgres");
            TrackingSchema.migrate(url);
            BackupFixture b = BackupFixture.onFiles(new TestDatabase("postgres", url), catalog, dir);
            b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
            b.init();
            DrkitProcess.Result full = b.drkit("backup", "--full");
            assertThat(full.exitCode()).as(full.all()).isEqualTo(2);
            assertThat(full.stderr()).contains("the source runs with wal_level=replica")
                    .contains("ALTER SYSTEM SET wal_level = 'logical'").contains("drkit.incremental.enabled=false");
        }
    }

    /** Whether drkit is reading the chain's slot (a temporary slot is the snapshot's, not the chain's). */
    private static boolean chainSlotActive(TestDatabase source) throws Exception {
        try (Connection c = source.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_replication_slots WHERE database = current_database() AND NOT temporary AND active")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static JsonNode incremental(BackupFixture b) {
        DrkitProcess.Result r = b.drkit("backup", "--incremental", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private static void traffic(TestDatabase source, long millis) throws InterruptedException {
        BackgroundTraffic t = BackgroundTraffic.start(source.url(), 40);
        Thread.sleep(millis);
        t.stop();
    }

    private static java.util.List<String> slots(TestDatabase source) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection c = source.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT slot_name FROM pg_replication_slots WHERE database = current_database() ORDER BY 1");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String[] proofs(TestDatabase source, int n) throws Exception {
        try (Connection c = source.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT waybill FROM tracking.delivery_proofs ORDER BY waybill LIMIT " + n)) {
            String[] found = new String[n];
            for (int i = 0; i < n; i++) {
                rs.next();
                found[i] = rs.getString(1);
            }
            return found;
        }
    }

    /** A signature too big to stay in the row, and random so it does not compress: stored out of line (TOAST). */
    private static void bigSignature(TestDatabase source, String waybill) throws Exception {
        byte[] image = new byte[BIG];
        new Random(waybill.hashCode()).nextBytes(image);
        try (Connection c = source.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE tracking.delivery_proofs SET signature = ? WHERE waybill = ?")) {
            s.setBytes(1, image);
            s.setString(2, waybill);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static void signedBy(TestDatabase source, String waybill, String name) throws Exception {
        try (Connection c = source.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE tracking.delivery_proofs SET signed_by = ? WHERE waybill = ?")) {
            s.setString(1, name);
            s.setString(2, waybill);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}

package io.drkit.cli.backup;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.JsonSchemas;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.digest.Sha256;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Incremental points with {@code drkit.incremental.digests=daily} (the default): the full point of the
 * day proves its content, the incrementals after it count rows from the stream, and one taken with
 * {@code --digests} proves them all. Every point restores as the source stood; a drill of a point
 * without digests proves it at the later point and says so; a change lost in between (one row cut
 * from a stored change part, its checksum re-signed in the manifest) is found there, in its table.
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class IncrementalDigestsIT {

    @TempDir
    Path dir;

    @Test
    void pointsWithoutDigestsCountRowsAndAreProvenAtTheNextPointWithDigests(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(300);
        b.env.remove("DRKIT_INCREMENTAL_DIGESTS");
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        JdbcUrl scratch = source.url().withDatabase("postgres");
        b.env.put("DRKIT_SCRATCH_URL", scratch.url());
        b.env.put("DRKIT_TARGETS_RPO", "30d");
        b.env.put("DRKIT_TARGETS_RTO", "1d");
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        Path repository = Path.of(java.net.URI.create(b.repository));
        b.init();
        String full = b.backup().get("pointId").asString();
        Map<String, SourceCapture> expected = new LinkedHashMap<>();

        // nothing changed: the point is its manifest alone, no change part, no sequences file of its own
        JsonNode empty = incremental(b);
        String i0 = empty.get("pointId").asString();
        expected.put(i0, SourceCapture.of(source));
        try (Stream<Path> files = Files.walk(repository.resolve("points").resolve(i0))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())).containsExactly("manifest.json");
        }
        assertThat(empty.get("tablesChanged").asInt()).isZero();
        assertThat(empty.get("lastProvenPointId").asString()).isEqualTo(full);
        assertThat(JsonSchemas.problems("backup-incremental", empty)).isEmpty();
        double jobSeconds = 0;
        for (JsonNode seconds : empty.get("phasesSeconds")) {
            jobSeconds += seconds.asDouble();
        }
        // a measurement, not an assertion (speed goes in benchmarks): the job's own step timings
        System.out.println("IncrementalDigestsIT: empty incremental job time " + jobSeconds + " s " + empty.get("phasesSeconds"));

        sql(source, "UPDATE tracking.shipments SET sender_phone = sender_phone || '1' WHERE waybill IN "
                + "(SELECT waybill FROM tracking.shipments ORDER BY waybill LIMIT 5)",
                "DELETE FROM tracking.delivery_proofs WHERE waybill IN "
                        + "(SELECT waybill FROM tracking.delivery_proofs ORDER BY waybill LIMIT 2)");
        String i1 = incremental(b).get("pointId").asString();
        expected.put(i1, SourceCapture.of(source));
        sql(source, "UPDATE tracking.stations SET name = name || ' (moved)' WHERE code IN "
                + "(SELECT code FROM tracking.stations ORDER BY code LIMIT 3)",
                "UPDATE tracking.shipments SET sender_phone = sender_phone || '2' WHERE waybill IN "
                        + "(SELECT waybill FROM tracking.shipments ORDER BY waybill DESC LIMIT 4)");
        String i2 = incremental(b).get("pointId").asString();
        expected.put(i2, SourceCapture.of(source));
        sql(source, "INSERT INTO tracking.couriers (name, phone, home_station, hired) SELECT 'New Courier', '555', code, "
                + "DATE '2026-11-01' FROM tracking.stations ORDER BY code LIMIT 1",
                "UPDATE tracking.shipments SET sender_phone = sender_phone || '3' WHERE waybill IN "
                        + "(SELECT waybill FROM tracking.shipments ORDER BY waybill LIMIT 3 OFFSET 100)");
        DrkitProcess.Result proven = b.drkit("backup", "--incremental", "--digests", "--json");
        assertThat(proven.exitCode()).as(proven.all()).isZero();
        JsonNode i3doc = BackupFixture.JSON.readTree(proven.stdout());
        String i3 = i3doc.get("pointId").asString();
        expected.put(i3, SourceCapture.of(source));
        assertThat(i3doc.has("lastProvenPointId")).isFalse();
        // the tables changed since the full point, read whole at the point with digests
        assertThat(i3doc.get("tablesReadWhole").toString()).contains("tracking.shipments", "tracking.stations",
                "tracking.delivery_proofs");

        JsonNode m1 = manifest(repository, i1);
        assertThat(m1.get("formatVersion").asInt()).isEqualTo(3);
        assertThat(m1.get("lastProven").asString()).isEqualTo(full);
        assertThat(table(m1, "shipments").get("digest").isNull()).as("a changed table: rows counted only").isTrue();
        assertThat(table(m1, "stations").get("digest").isNull()).as("an unchanged table keeps its digest").isFalse();
        assertThat(table(manifest(repository, i2), "stations").get("digest").isNull()).isTrue();
        assertThat(manifest(repository, i3).has("lastProven")).isFalse();

        DrkitProcess.Result list = b.drkit("list", "--json");
        assertThat(list.exitCode()).as(list.all()).isZero();
        JsonNode listDoc = BackupFixture.JSON.readTree(list.stdout());
        assertThat(JsonSchemas.problems("list", listDoc)).isEmpty();
        JsonNode listed = null;
        for (JsonNode p : listDoc.get("points")) {
            listed = p.get("pointId").asString().equals(i1) ? p : listed;
            if (p.get("pointId").asString().equals(i3) || p.get("pointId").asString().equals(full)) {
                assertThat(p.has("proof")).as("a point with digests").isFalse();
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("provenAtPointId").asString()).isEqualTo(i3);
        assertThat(listed.get("proof").asString()).isEqualTo("rows counted, content not proven at this point; proven at " + i3);

        // every point, with digests or not, restores as the source stood at it
        for (Map.Entry<String, SourceCapture> point : expected.entrySet()) {
            DrkitProcess.Result r = b.drkit("restore", "--point", point.getKey(), "--keep", "--json");
            assertThat(r.exitCode()).as(r.all()).isZero();
            String database = BackupFixture.JSON.readTree(r.stdout()).get("database").asString();
            assertThatRestored(scratch.withDatabase(database)).as("point %s restored", point.getKey())
                    .isTheSource(point.getValue());
            dropDatabase(scratch, database);
        }

        // a drill of a point without digests: rows counted there, content proven at the next point with digests
        DrkitProcess.Result drill = b.drkit("drill", "--point", i1, "--json");
        assertThat(drill.exitCode()).as(drill.all()).isZero();
        JsonNode drillDoc = BackupFixture.JSON.readTree(drill.stdout());
        assertThat(JsonSchemas.problems("drill", drillDoc)).isEmpty();
        String stored = Files.readString(repository.resolve(drillDoc.get("report").get("key").asString()));
        assertThat(stored).contains("rows counted, content not proven at this point; proven at " + i3
                + ": 2 tables read back equal to its digests");

        // a change lost between two points: one update of stations cut from i2's part, the part re-signed
        cutOneChangeRow(repository, i2, "tracking.stations");
        DrkitProcess.Result verify = b.drkit("verify", "--restore", "--point", i2, "--json");
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(3);
        assertThat(JsonSchemas.problems("verify-restore", BackupFixture.JSON.readTree(verify.stdout()))).isEmpty();
        assertThat(verify.stdout()).contains("proven at " + i3 + ": table tracking.stations differs from its content "
                + "digest there").doesNotContain("table tracking.shipments differs");
    }

    private static JsonNode incremental(BackupFixture b) {
        DrkitProcess.Result r = b.drkit("backup", "--incremental", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private static void sql(TestDatabase db, String... statements) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static void dropDatabase(JdbcUrl server, String database) throws Exception {
        try (Connection c = io.drkit.core.pg.PgConnections.open(server, "test"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        }
    }

    private static JsonNode manifest(Path repository, String point) throws Exception {
        return BackupFixture.JSON.readTree(Files.readString(repository.resolve("points").resolve(point)
                .resolve("manifest.json")));
    }

    private static JsonNode table(JsonNode manifest, String name) {
        for (JsonNode t : manifest.get("tables")) {
            if (t.get("name").asString().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name);
    }

    /** Removes the last row of a table's change part and writes its new size, SHA-256 and row count into the manifest. */
    private static void cutOneChangeRow(Path repository, String point, String table) throws Exception {
        Path manifestFile = repository.resolve("points").resolve(point).resolve("manifest.json");
        ObjectNode manifest = (ObjectNode) BackupFixture.JSON.readTree(Files.readString(manifestFile));
        Codec codec = new Codec(Compression.of(manifest.get("codec").get("compression").asString()), 3, null);
        for (JsonNode p : manifest.get("changes").get("parts")) {
            if (!p.get("table").asString().equals(table)) {
                continue;
            }
            Path part = repository.resolve(p.get("key").asString());
            String text;
            try (InputStream in = codec.decode(Files.newInputStream(part), false, part.toString())) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> rows = new ArrayList<>(Arrays.asList(text.split("\n")));
            assertThat(rows).as("change rows of " + table).hasSizeGreaterThan(1);
            rows.remove(rows.size() - 1);
            byte[] plain = (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            try (OutputStream out = codec.encode(encoded)) {
                out.write(plain);
            }
            Files.write(part, encoded.toByteArray());
            ObjectNode changed = (ObjectNode) p;
            changed.put("rows", rows.size());
            changed.put("bytes", encoded.size());
            changed.put("copyBytes", plain.length);
            changed.put("sha256", Sha256.hex(encoded.toByteArray()));
            Files.writeString(manifestFile, BackupFixture.JSON.writeValueAsString(manifest));
            return;
        }
        throw new AssertionError("no change part of " + table + " in point " + point);
    }
}

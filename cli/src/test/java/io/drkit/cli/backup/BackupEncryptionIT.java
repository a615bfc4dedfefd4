package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.codec.RepositoryKey;
import io.drkit.core.digest.Sha256;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.PartEntry;
import io.drkit.core.manifest.Manifest.StoredFile;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.repository.RepositoryJson;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/** An encrypted point is noise without its key, and exactly the source's data with it. */
@ExtendWith(RealServices.class)
class BackupEncryptionIT {

    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd};

    @TempDir
    Path dir;

    @Test
    void anEncryptedPointIsUnreadableWithoutTheKeyAndRestoresWithIt(TestDatabase source, TestDatabase catalog,
            TestDatabase target) throws Exception {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(1000);
        Path keyFile = dir.resolve("repository.key");
        JsonNode init = jsonOf(f.drkit("init", "--generate-key", keyFile.toString(), "--json"));
        assertThat(init.get("encrypted").asBoolean()).isTrue();
        f.env.put("DRKIT_ENCRYPTION_KEY_FILE", keyFile.toString());

        JsonNode point = f.backup();
        String pointId = point.get("pointId").asString();
        assertThat(point.get("encrypted").asBoolean()).isTrue();

        Path pointDir = Path.of(java.net.URI.create(f.repository)).resolve("points").resolve(pointId);
        List<Path> objects = objectsOf(pointDir);
        assertThat(objects).isNotEmpty().allSatisfy(o -> {
            assertThat(o.toString()).endsWith(".enc");
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(o), 8);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("DRKITENC");
            assertThat(java.util.Arrays.copyOf(head, 4)).isNotEqualTo(ZSTD_MAGIC);
        });
        assertThat(BackupFixture.runAllowingFailure(Map.of(), "zstd", "-d", "-c", objects.get(0).toString()).exitCode())
                .as("zstd reads an encrypted part").isNotZero();
        BackupFixture.ToolResult breakGlass = BackupFixture.runAllowingFailure(f.env, "bash",
                BackupFixture.BREAK_GLASS.toString(), f.repository, pointId, "postgresql://127.0.0.1/none");
        assertThat(breakGlass.exitCode()).isNotZero();
        assertThat(breakGlass.output()).contains("is encrypted: restore it with drkit");

        Manifest manifest = RepositoryJson.MAPPER.readValue(Files.readString(pointDir.resolve("manifest.json")),
                Manifest.class);
        assertThat(manifest.codec().keyId()).isEqualTo(init.get("keyId").asString());
        restoreWithKey(manifest, pointDir.getParent().getParent(), RepositoryKey.load(keyFile), target);
        assertThat(BackupFixture.dataDump(target)).isEqualTo(BackupFixture.dataDump(source));
    }

    @Test
    void aMissingOrWrongKeyIsExit2AndSaysWhichKeyIsNeeded(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        Path keyFile = dir.resolve("repository.key");
        String keyId = jsonOf(f.drkit("init", "--generate-key", keyFile.toString(), "--json")).get("keyId").asString();
        f.env.put("DRKIT_ENCRYPTION_KEY_FILE", keyFile.toString());
        f.backup();

        f.env.remove("DRKIT_ENCRYPTION_KEY_FILE");
        DrkitProcess.Result missing = f.drkit("backup", "--full");
        assertThat(missing.exitCode()).as(missing.all()).isEqualTo(2);
        assertThat(missing.stderr()).contains("is encrypted (key id " + keyId).contains("DRKIT_ENCRYPTION_KEY_FILE");

        Path otherKey = dir.resolve("other.key");
        RepositoryKey other = RepositoryKey.generate(otherKey);
        f.env.put("DRKIT_ENCRYPTION_KEY_FILE", otherKey.toString());
        DrkitProcess.Result wrong = f.drkit("list");
        assertThat(wrong.exitCode()).as(wrong.all()).isEqualTo(2);
        assertThat(wrong.stderr()).contains("wrong encryption key").contains(keyId).contains(other.id())
                .doesNotContain(Files.readString(otherKey).strip());

        Path part = objectsOf(Path.of(java.net.URI.create(f.repository))).stream()
                .filter(p -> p.toString().contains("/data/")).findFirst().orElseThrow();
        Codec wrongCodec = new Codec(Compression.ZSTD, 3, other);
        assertThatThrownBy(() -> {
            try (InputStream in = wrongCodec.decode(Files.newInputStream(part), true, part.getFileName().toString())) {
                in.readAllBytes();
            }
        }).isInstanceOfSatisfying(DrkitException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("encrypted with key " + keyId);

        // a part stored damaged, its checksum taken after the damage: only decryption can tell
        f.env.put("DRKIT_ENCRYPTION_KEY_FILE", keyFile.toString());
        assertThat(f.drkit("verify").exitCode()).isZero();
        String before = Sha256.hex(Files.readAllBytes(part));
        byte[] damaged = Files.readAllBytes(part);
        damaged[damaged.length / 2] ^= 0x01;
        Files.write(part, damaged);
        Path manifest = part.getParent().getParent().getParent().resolve("manifest.json"); // points/<id>/data/<table>/
        Files.writeString(manifest, Files.readString(manifest).replace(before, Sha256.hex(damaged)));
        DrkitProcess.Result verify = f.drkit("verify", "--json");
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(3);
        JsonNode problem = BackupFixture.JSON.readTree(verify.stdout()).get("damagedObjects").get(0);
        assertThat(problem.get("kind").asString()).isEqualTo("undecryptable");
        assertThat(part.toString()).endsWith(problem.get("key").asString());
    }

    private static JsonNode jsonOf(DrkitProcess.Result r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private static List<Path> objectsOf(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        }
    }

    /** What drkit's restore will do, done here by hand: decrypt, decompress, load, in the break-glass order. */
    private static void restoreWithKey(Manifest m, Path repo, RepositoryKey key, TestDatabase target) throws Exception {
        Codec codec = new Codec(Compression.of(m.codec().compression()), 3, key);
        runSql(repo, m.schema().preData(), codec, target);
        try (Connection c = target.connect()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            for (TableEntry t : m.tables()) {
                for (PartEntry p : t.parts()) {
                    try (InputStream in = codec.decode(Files.newInputStream(repo.resolve(p.key())), true, p.key())) {
                        pg.getCopyAPI().copyIn("COPY " + Identifiers.quote(t.schema()) + "." + Identifiers.quote(t.name())
                                + " (" + Identifiers.quoteAll(t.columns())
                                + ") FROM STDIN", in);
                    }
                }
            }
        }
        runSql(repo, m.schema().postData(), codec, target);
        runSql(repo, m.schema().sequences(), codec, target);
    }

    private static void runSql(Path repo, StoredFile file, Codec codec, TestDatabase target) throws Exception {
        Path plain = Files.createTempFile("drkit-schema", ".sql");
        try (InputStream in = codec.decode(Files.newInputStream(repo.resolve(file.key())), true, file.key())) {
            Files.copy(in, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        JdbcUrl u = target.url();
        BackupFixture.run(Map.of(), "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", u.host(), "-p",
                String.valueOf(u.port()), "-U", u.user(), "-d", u.database(), "-f", plain.toString());
        Files.delete(plain);
    }
}

package io.drkit.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestBucket;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * {@code drkit check} against real servers: a set-up that works passes every check (exit 0); each
 * kind of broken set-up is named with its fix (exit 2), and the rest of the checks still run.
 */
@ExtendWith(RealServices.class)
class PreflightIT {

    static final Path TRACKING_CONFIG = Path.of("..", "config", "tracking.yml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private BackupFixture b;
    private TestDatabase source;

    @BeforeEach
    void setUp(TestDatabase source, TestDatabase catalog) {
        this.source = source;
        b = BackupFixture.onFiles(source, catalog, dir).seeded(40);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
    }

    @Test
    void aSetUpThatWorksPassesEveryCheck() throws Exception {
        b.init();
        JsonNode r = check(0, Map.of(), "--config", TRACKING_CONFIG.toString());

        assertThat(r.get("verdict").asString()).isEqualTo("passed");
        assertThat(r.get("findings")).allSatisfy(f -> assertThat(f.get("status").asString()).as(f.toString())
                .isIn("ok", "skipped"));
        assertThat(targets(r, "ok")).contains("source", "pg_dump", "repository", "encryption", "scratch", "catalog",
                "slots", "business checks");
        assertThat(r.get("findings").toString()).contains("reads every table and sequence it backs up")
                .contains("'events-belong-to-shipments' parses");
        try (var left = Files.list(dir.resolve("repo"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the probe object is deleted")
                    .noneMatch(n -> n.startsWith("drkit-check-"));
        }
        DrkitProcess.Result text = b.drkit(Map.of(), "--config", TRACKING_CONFIG.toString(), "check");
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).contains("ok       scratch: may create databases (CREATEDB)")
                .endsWith("ready: every check holds\n");
    }

    @Test
    void unreachableUninitialisedAndNoPgDumpAreEachNamedWithTheirFix() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-path"));
        JsonNode r = check(2, Map.of("DRKIT_SOURCE_URL", "jdbc:postgresql://127.0.0.1:1/tracking?user=backup&password=s3cr3t",
                "PATH", empty.toString()));

        assertThat(finding(r, "source", "reachable").get("detail").asString()).contains("not reachable")
                .doesNotContain("s3cr3t");
        assertThat(finding(r, "repository", "initialised (drkit.json)").get("fix").asString()).contains("drkit init");
        assertThat(finding(r, "pg_dump", "installed, of the source's major version or newer").get("detail").asString())
                .contains("not installed");
        assertThat(finding(r, "scratch", "reachable").get("status").asString()).as("the rest still ran").isEqualTo("ok");
        assertThat(r.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aRoleWithoutPrivilegesIsToldWhatToGrant() throws Exception {
        b.init();
        String role = "drkit_check_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN");
        }
        try {
            JsonNode r = check(2, Map.of("DRKIT_SOURCE_URL", source.url().url().replace("user=postgres", "user=" + role),
                    "DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url().replace("user=postgres", "user=" + role),
                    "DRKIT_INCREMENTAL_ENABLED", "true"));

            JsonNode read = finding(r, "source", "reads every table and sequence it backs up");
            assertThat(read.get("status").asString()).isEqualTo("problem");
            assertThat(read.get("detail").asString()).contains("role " + role + " may not read").contains("tracking.");
            assertThat(read.get("fix").asString()).contains("GRANT pg_read_all_data TO " + role)
                    .contains("GRANT SELECT ON ALL TABLES IN SCHEMA tracking TO " + role);
            assertThat(finding(r, "source", "may stream changes (REPLICATION)").get("fix").asString())
                    .contains("ALTER ROLE \"" + role + "\" REPLICATION");
            assertThat(finding(r, "scratch", "may create databases (CREATEDB)").get("fix").asString())
                    .isEqualTo("ALTER ROLE \"" + role + "\" CREATEDB");
        } finally {
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void theWrongKeyAndABusinessCheckThatDoesNotParseAreFound() throws Exception {
        Path key = dir.resolve("repo.key");
        DrkitProcess.Result init = b.drkit(Map.of(), "init", "--generate-key", key.toString());
        assertThat(init.exitCode()).as(init.all()).isZero();
        Path other = dir.resolve("other.key");
        Files.writeString(other, "00".repeat(32) + "\n");
        Path config = dir.resolve("checks.yml");
        Files.writeString(config, """
                drkit:
                  verify:
                    checks:
                      - name: typo
                        sql: SELECT 1 FROM tracking.shipmints
                      - name: fine
                        sql: SELECT 1 FROM tracking.shipments WHERE false
                """);

        JsonNode r = check(2, Map.of("DRKIT_ENCRYPTION_KEY_FILE", other.toString()), "--config", config.toString());

        JsonNode key1 = finding(r, "encryption", "the key matches the repository");
        assertThat(key1.get("status").asString()).isEqualTo("problem");
        assertThat(key1.get("detail").asString()).contains("wrong encryption key");
        JsonNode typo = finding(r, "business checks", "'typo' parses");
        assertThat(typo.get("status").asString()).isEqualTo("problem");
        assertThat(typo.get("detail").asString()).contains("shipmints");
        assertThat(finding(r, "business checks", "'fine' parses").get("status").asString()).isEqualTo("ok");
        assertThat(r.get("problems")).hasSize(2);

        JsonNode right = check(0, Map.of("DRKIT_ENCRYPTION_KEY_FILE", key.toString()));
        assertThat(finding(right, "encryption", "the key matches the repository").get("detail").asString())
                .startsWith("key id ");
        assertThat(finding(right, "business checks", "parse on the source").get("detail").asString())
                .contains("none configured");
    }

    @Test
    void aBucketThatIsNotThereIsNotWritable(TestBucket bucket) {
        Map<String, String> env = new HashMap<>(Map.of("DRKIT_REPOSITORY", "s3://no-such-bucket-" + bucket.name() + "/x",
                "DRKIT_S3_ENDPOINT", bucket.endpoint().toString(), "AWS_ACCESS_KEY_ID", bucket.accessKey(),
                "AWS_SECRET_ACCESS_KEY", bucket.secretKey(), "AWS_REGION", bucket.region()));
        JsonNode r = check(2, env);
        JsonNode rw = finding(r, "repository", "writable and readable");
        assertThat(rw.get("status").asString()).isEqualTo("problem");
        assertThat(rw.get("fix").asString()).contains("s3:PutObject");
        assertThat(r.toString()).doesNotContain(bucket.secretKey());
    }

    private JsonNode check(int exitCode, Map<String, String> env, String... before) {
        String[] args = new String[before.length + 2];
        System.arraycopy(before, 0, args, 0, before.length);
        args[before.length] = "check";
        args[before.length + 1] = "--json";
        DrkitProcess.Result r = b.drkit(env, args);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(exitCode);
        return BackupFixture.JSON.readTree(r.stdout());
    }

    static JsonNode finding(JsonNode r, String target, String check) {
        for (JsonNode f : r.get("findings")) {
            if (f.get("target").asString().equals(target) && f.get("check").asString().equals(check)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + target + ": " + check + " in " + r.toPrettyString());
    }

    private static java.util.List<String> targets(JsonNode r, String status) {
        java.util.List<String> names = new java.util.ArrayList<>();
        r.get("findings").forEach(f -> {
            if (f.get("status").asString().equals(status)) {
                names.add(f.get("target").asString());
            }
        });
        return names;
    }
}

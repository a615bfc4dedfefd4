package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.progress.Progress;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestBucket;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.TrackingSchema;
import io.drkit.tracking.TrackingSeeder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A seeded source, a catalog and a repository, driven through the real command line. */
public final class BackupFixture {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Path BREAK_GLASS = Path.of("..", "docs", "break-glass-restore.sh").toAbsolutePath().normalize();

    public final TestDatabase source;
    final Path dir;
    public final Map<String, String> env = new HashMap<>();
    public final String repository;

    private BackupFixture(TestDatabase source, TestDatabase catalog, Path dir, String repository) {
        this.source = source;
        this.dir = dir;
        this.repository = repository;
        env.put("DRKIT_SOURCE_URL", source.url().url());
        env.put("DRKIT_CATALOG_URL", catalog.url().url());
        env.put("DRKIT_REPOSITORY", repository);
        // small parts, so that tables are split into page ranges and read by several workers
        env.put("DRKIT_BACKUP_PARTSIZE", "256KB");
        env.put("DRKIT_FAILPOINTS_SMALLPARTS", "true");
        env.put("DRKIT_BACKUP_PARALLELISM", "3");
        // incremental tests compare each point's digests; IncrementalDigestsIT takes the default (daily) and none
        env.put("DRKIT_INCREMENTAL_DIGESTS", "every");
    }

    public static BackupFixture onFiles(TestDatabase source, TestDatabase catalog, Path dir) {
        return new BackupFixture(source, catalog, dir, dir.resolve("repo").toUri().toString());
    }

    public static BackupFixture onS3(TestDatabase source, TestDatabase catalog, Path dir, TestBucket bucket) {
        BackupFixture f = new BackupFixture(source, catalog, dir, bucket.repository("nightly"));
        f.env.putAll(s3Env(bucket));
        return f;
    }

    static Map<String, String> s3Env(TestBucket bucket) {
        return Map.of("DRKIT_S3_ENDPOINT", bucket.endpoint().toString(), "AWS_ACCESS_KEY_ID", bucket.accessKey(),
                "AWS_SECRET_ACCESS_KEY", bucket.secretKey(), "AWS_REGION", bucket.region());
    }

    public BackupFixture seeded(long shipments) {
        TrackingSchema.migrate(source.url());
        TrackingSeeder.seed(source.url(), shipments, 7, Progress.NONE);
        return this;
    }

    public DrkitProcess.Result drkit(String... args) {
        return DrkitProcess.run(env, dir, args);
    }

    public DrkitProcess.Result drkit(Map<String, String> extraEnv, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extraEnv);
        return DrkitProcess.run(all, dir, args);
    }

    public JsonNode init() {
        DrkitProcess.Result r = drkit("init", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return JSON.readTree(r.stdout());
    }

    public JsonNode backup() {
        DrkitProcess.Result r = drkit("backup", "--full", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return JSON.readTree(r.stdout());
    }

    public JsonNode list() {
        DrkitProcess.Result r = drkit("list", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return JSON.readTree(r.stdout()).get("points");
    }

    /** Bit rot in a file repository: one byte flipped in the middle of the first part of a point's table. */
    public Path damagePart(String pointId, String table) throws IOException {
        Path folder = Path.of(java.net.URI.create(repository)).resolve("points").resolve(pointId).resolve("data")
                .resolve(table);
        Path part;
        try (var parts = Files.list(folder)) {
            part = parts.sorted().findFirst().orElseThrow();
        }
        flipOneByte(part);
        return part;
    }

    public static void flipOneByte(Path file) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int x = f.read();
            f.seek(f.length() / 2);
            f.write(x ^ 0x01);
        }
    }

    /** Runs the README's break-glass script into {@code target}; returns its output. */
    public String breakGlassInto(String pointId, TestDatabase target) throws IOException, InterruptedException {
        JdbcUrl t = target.url();
        return run(env, "bash", BREAK_GLASS.toString(), repository, pointId,
                "postgresql://" + t.user() + "@" + t.host() + ":" + t.port() + "/" + t.database());
    }

    /** {@code pg_dump --data-only}, without the random {@code \restrict} key lines of newer pg_dump. */
    /**
     * The database's rows and sequence values as pg_dump gives them, each table's rows in sorted
     * order ({@link SourceCapture}: a restore by parallel parts, or hot before cold, need not keep
     * the heap's order, and order is not data).
     */
    public static String dataDump(TestDatabase db) {
        SourceCapture capture = SourceCapture.of(db.url());
        return capture.tables().values().stream().map(t -> t.copy() + "\n" + String.join("\n", t.rows()))
                .collect(Collectors.joining("\n")) + "\n" + capture.sequences();
    }

    /** {@code pg_dump} of one section ({@code --data-only}, {@code --schema-only}), comparable across databases. */
    public static String dump(JdbcUrl u, String section) throws IOException, InterruptedException {
        String dump = run(Map.of(), "pg_dump", section, "--host=" + u.host(), "--port=" + u.port(),
                "--username=" + u.user(), u.database());
        return dump.lines().filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
                .collect(Collectors.joining("\n"));
    }

    /** A tool's exit code and its output, stdout and stderr together. */
    public record ToolResult(int exitCode, String output) {}

    public static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ToolResult r = runAllowingFailure(env, command);
        assertThat(r.exitCode()).as(String.join(" ", command) + "\n" + r.output()).isZero();
        return r.output();
    }

    public static ToolResult runAllowingFailure(Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("drkit-tool", ".txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command[0] + " did not end within 3 minutes");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new ToolResult(p.exitValue(), text);
    }
}

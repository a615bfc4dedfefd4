package io.drkit.cli.worker;

import static io.drkit.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.pg.JdbcUrl;
import io.drkit.pg.PgConnections;
import io.drkit.testing.RealServices;
import io.drkit.testing.RequiredTool;
import io.drkit.testing.SourceCapture;
import io.drkit.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * Full backups whose parts run on two {@code drkit worker} processes through a real RabbitMQ
 * (127.0.0.1:5672, guest/guest, as this kind of machine runs it), each test on a queue of its own.
 * The point a remote backup stores is the one a local backup stores (rows and content digests per
 * table), restores equal to the source, and survives a worker dying with a part in hand; with no
 * worker, the backup says so and fails.
 */
@ExtendWith(RealServices.class)
class RemoteWorkersIT {

    private static final String BROKER = "amqp://guest:guest@127.0.0.1:5672/%2F";
    private static final Pattern TOOK = Pattern.compile("worker: took fullBackup point (\\S+) (\\S+)");
    private static final Pattern LOADED = Pattern.compile("worker: took restore point \\S+ (\\S+)");

    @TempDir
    Path dir;

    @Test
    void aBackupOnTwoWorkersStoresWhatALocalBackupStoresAndRestoresEqualToTheSource(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = remote(BackupFixture.onFiles(source, catalog, dir).seeded(2000));
        b.init();
        JsonNode local = backup(b, Map.of("DRKIT_WORKERS_MODE", "local"));
        SourceCapture expected = SourceCapture.of(source);
        Path logA = dir.resolve("worker-a.log");
        Path logB = dir.resolve("worker-b.log");
        Process a = worker(b, logA, Map.of());
        Process w2 = worker(b, logB, Map.of());
        try {
            awaitReady(a, logA);
            awaitReady(w2, logB);
            DrkitProcess.Result r = b.drkit(Map.of("DRKIT_WORKERS_MODE", "remote"), "backup", "--json");
            assertThat(r.exitCode()).as(r.all()).isZero();
            String point = BackupFixture.JSON.readTree(r.stdout()).get("pointId").asString();
            assertThat(r.stderr()).contains("parts sent to amqp://guest@127.0.0.1:5672/").doesNotContain("guest:guest");

            List<String> partsA = taken(logA, point);
            List<String> partsB = taken(logB, point);
            assertThat(partsA).as("worker a's parts").isNotEmpty();
            assertThat(partsB).as("worker b's parts").isNotEmpty().doesNotContainAnyElementsOf(partsA);
            assertThat(partsA.size() + partsB.size()).isEqualTo(BackupFixture.JSON.readTree(r.stdout()).get("parts").asInt());
            assertThat(tables(b, point)).as("rows and digests per table").isEqualTo(tables(b, local.get("pointId").asString()));
            assertRestoresAsTheSource(b, source, point, expected, Map.of());

            // the same point restored by the workers
            assertRestoresAsTheSource(b, source, point, expected, Map.of("DRKIT_WORKERS_MODE", "remote"));
            assertThat(loaded(logA)).as("parts worker a loaded").isNotEmpty();
            assertThat(loaded(logB)).as("parts worker b loaded").isNotEmpty().doesNotContainAnyElementsOf(loaded(logA));
        } finally {
            stop(a);
            stop(w2);
        }
    }

    @Test
    void haltedWorkerWithAPartInHandGivesItBackAndTheBackupCompletesWithEachPartStoredOnce(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = remote(BackupFixture.onFiles(source, catalog, dir).seeded(2000));
        b.init();
        SourceCapture expected = SourceCapture.of(source);
        Path logA = dir.resolve("worker-a.log");
        Path logB = dir.resolve("worker-b.log");
        // worker a dies as a kill -9 would, right after it stored its second part and before it said so
        Process a = worker(b, logA, Map.of("DRKIT_FAILPOINTS_HALTAFTERPARTS", "2"));
        Process w2 = worker(b, logB, Map.of());
        try {
            awaitReady(a, logA);
            awaitReady(w2, logB);
            DrkitProcess.Result r = b.drkit(Map.of("DRKIT_WORKERS_MODE", "remote"), "backup", "--json");
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(a.exitValue()).as(Files.readString(logA)).isEqualTo(137);
            String point = BackupFixture.JSON.readTree(r.stdout()).get("pointId").asString();
            List<String> diedWith = taken(logA, point);
            assertThat(diedWith).as("worker a took its second part before it died").hasSizeGreaterThanOrEqualTo(2);
            String lost = diedWith.get(diedWith.size() - 1);
            assertThat(taken(logB, point)).as("the part worker a died with, given to worker b").contains(lost);

            DrkitProcess.Result verify = b.drkit("verify", "--json");
            assertThat(verify.exitCode()).as("every stored object is the one its manifest names: " + verify.all())
                    .isZero();

            // a worker that dies, as a kill -9 would, right after it committed its second part's load
            Path logC = dir.resolve("worker-c.log");
            Process c = worker(b, logC, Map.of("DRKIT_RESTOREFAILPOINTS_HALTAFTERPARTS", "2"));
            try {
                awaitReady(c, logC);
                assertRestoresAsTheSource(b, source, point, expected, Map.of("DRKIT_WORKERS_MODE", "remote"));
                assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(c.exitValue()).as(Files.readString(logC)).isEqualTo(137);
                List<String> loadedByC = loaded(logC);
                assertThat(loadedByC).hasSizeGreaterThanOrEqualTo(2);
                assertThat(loaded(logB)).as("the part worker c died with, given to worker b")
                        .contains(loadedByC.get(loadedByC.size() - 1));
            } finally {
                stop(c);
            }
        } finally {
            stop(a);
            stop(w2);
        }
    }

    @Test
    void withNoWorkerTheBackupSaysSoAndFailsInsteadOfWaiting(TestDatabase source, TestDatabase catalog) {
        BackupFixture b = remote(BackupFixture.onFiles(source, catalog, dir).seeded(100));
        b.init();
        DrkitProcess.Result r = b.drkit(Map.of("DRKIT_WORKERS_MODE", "remote", "DRKIT_WORKERS_WAIT", "2s"), "backup");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("no drkit worker is connected to amqp://guest@127.0.0.1:5672/")
                .contains("drkit.workers.wait").doesNotContain("guest:guest");
        assertThat(b.list()).as("no point is left half-done").isEmpty();
    }

    @Test
    void aBrokerLostMidBackupFailsTheJobSayingSoAndTheNextRunCompletes(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = remote(BackupFixture.onFiles(source, catalog, dir).seeded(2000));
        SourceCapture expected = SourceCapture.of(source);
        try (TcpRelay relay = TcpRelay.to("127.0.0.1", 5672)) {
            b.env.put("DRKIT_BROKER_URL", "amqp://guest:guest@127.0.0.1:" + relay.port() + "/%2F");
            b.init();
            Path log = dir.resolve("worker.log");
            // the worker reads the source at 1 MiB/s, so the backup is still under way when the broker goes
            Process w = worker(b, log, Map.of("DRKIT_BACKUP_MAXRATE", "1MB"));
            try {
                awaitReady(w, log);
                Map<String, String> env = new HashMap<>(b.env);
                env.put("DRKIT_WORKERS_MODE", "remote");
                Path backupLog = dir.resolve("backup.log");
                Process backup = DrkitProcess.start(env, dir, backupLog, "backup");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(log).contains("worker: took ") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(Files.readString(log)).as("the worker took a part").contains("worker: took ");
                relay.cut();
                assertThat(backup.waitFor(120, TimeUnit.SECONDS)).as("the backup ends without the broker").isTrue();
                String said = Files.readString(backupLog);
                assertThat(backup.exitValue()).as(said).isEqualTo(1);
                assertThat(said).contains("the broker amqp://guest@127.0.0.1:" + relay.port() + "/").contains(
                        "cannot be reached").doesNotContain("guest:guest");
                assertThat(b.list()).as("no point is left half-done").isEmpty();

                relay.resume();
                String point = backup(b, Map.of("DRKIT_WORKERS_MODE", "remote")).get("pointId").asString();
                assertRestoresAsTheSource(b, source, point, expected, Map.of());
            } finally {
                stop(w);
            }
        }
    }

    /** The fixture on a broker queue of this test's own; skipped (or failed, in CI) without a broker. */
    private static BackupFixture remote(BackupFixture b) {
        boolean reachable;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5672), 2000);
            reachable = true;
        } catch (IOException e) {
            reachable = false;
        }
        RequiredTool.assumeCapable(reachable, "RabbitMQ is not running on 127.0.0.1:5672 (apt-get install "
                + "rabbitmq-server; .ci/run starts it)");
        b.env.put("DRKIT_BROKER_URL", BROKER);
        b.env.put("DRKIT_WORKERS_QUEUE", "drkit.test." + UUID.randomUUID());
        b.env.put("DRKIT_SCRATCH_URL", b.source.url().withDatabase("postgres").url());
        return b;
    }

    private static JsonNode backup(BackupFixture b, Map<String, String> env) {
        DrkitProcess.Result r = b.drkit(env, "backup", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private Process worker(BackupFixture b, Path log, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(b.env);
        env.put("DRKIT_WORKERS_THREADS", "1");
        env.putAll(extra);
        return DrkitProcess.start(env, dir, log, "worker");
    }

    private static void awaitReady(Process worker, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains("worker: waiting for parts"))) {
            assertThat(worker.isAlive()).as("the worker is up: %s", Files.exists(log) ? Files.readString(log) : "")
                    .isTrue();
            assertThat(System.nanoTime()).as("the worker is ready within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static List<String> taken(Path log, String point) throws IOException {
        Matcher m = TOOK.matcher(Files.readString(log));
        List<String> parts = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(point)) {
                parts.add(m.group(2));
            }
        }
        return parts;
    }

    private static List<String> loaded(Path log) throws IOException {
        Matcher m = LOADED.matcher(Files.readString(log));
        List<String> parts = new java.util.ArrayList<>();
        while (m.find()) {
            parts.add(m.group(1));
        }
        return parts;
    }

    /** Each table's rows and content digest, as the point's manifest gives them. */
    private static Map<String, String> tables(BackupFixture b, String point) throws IOException {
        JsonNode manifest = BackupFixture.JSON.readTree(Files.readString(Path.of(java.net.URI.create(b.repository))
                .resolve("points").resolve(point).resolve("manifest.json")));
        Map<String, String> tables = new TreeMap<>();
        for (JsonNode t : manifest.get("tables")) {
            tables.put(t.get("schema").asString() + "." + t.get("name").asString(),
                    t.get("rows").asLong() + " " + t.get("digest").asString());
        }
        return tables;
    }

    private static void assertRestoresAsTheSource(BackupFixture b, TestDatabase source, String point,
            SourceCapture expected, Map<String, String> env) throws Exception {
        JdbcUrl scratch = source.url().withDatabase("postgres");
        Map<String, String> with = new HashMap<>(env);
        with.put("DRKIT_SCRATCH_URL", scratch.url());
        DrkitProcess.Result r = b.drkit(with, "restore", "--point", point, "--keep", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        String database = BackupFixture.JSON.readTree(r.stdout()).get("database").asString();
        try {
            assertThatRestored(scratch.withDatabase(database)).as("point %s restored", point).isTheSource(expected);
        } finally {
            try (Connection c = PgConnections.open(scratch, "test"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            }
        }
    }

    private static void stop(Process worker) throws InterruptedException {
        if (worker.isAlive()) {
            worker.destroy();
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }
}

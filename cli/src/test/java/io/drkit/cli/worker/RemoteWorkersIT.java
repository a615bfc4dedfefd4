package io.drkit.cli.worker;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.restore.RestoreService;
import io.drkit.core.testing.BrokerService;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * Full backups and restores whose parts run on two {@code drkit worker} processes through a real
 * RabbitMQ ({@link BrokerService}), each test on a queue of its own; one worker in a network namespace
 * of its own where the machine allows it ({@link WorkerPlace}). The point a remote backup stores is
 * the one a local backup stores (rows and content digests per table), restores equal to the source
 * (the report naming the worker of each part), and survives a worker dying with a part in hand; with
 * no worker, the backup says so and fails.
 */
@ExtendWith(RealServices.class)
class RemoteWorkersIT {

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
        // worker b in a network namespace of its own when the machine allows one: it reaches PostgreSQL
        // and the broker over a link, as a worker on another host does
        try (WorkerPlace here = WorkerPlace.loopback("drkit-worker-a");
                WorkerPlace away = WorkerPlace.namespace("drkit-worker-b", servicePorts(b))) {
            System.out.println("worker b: " + (away.why() == null ? "in a network namespace" : "on loopback: " + away.why()));
            Process a = worker(b, logA, Map.of(), here);
            Process w2 = worker(b, logB, Map.of(), away);
            try {
                awaitReady(a, logA);
                awaitReady(w2, logB);
                DrkitProcess.Result r = b.drkit(Map.of("DRKIT_WORKERS_MODE", "remote"), "backup", "--json");
                assertThat(r.exitCode()).as(r.all()).isZero();
                String point = BackupFixture.JSON.readTree(r.stdout()).get("pointId").asString();
                assertThat(r.stderr()).contains("parts sent to " + BrokerService.printed()).doesNotContain("guest:guest");

                List<String> partsA = taken(logA, point);
                List<String> partsB = taken(logB, point);
                assertThat(partsA).as("worker a's parts").isNotEmpty();
                assertThat(partsB).as("worker b's parts").isNotEmpty().doesNotContainAnyElementsOf(partsA);
                assertThat(partsA.size() + partsB.size()).isEqualTo(BackupFixture.JSON.readTree(r.stdout()).get("parts").asInt());
                assertThat(tables(b, point)).as("rows and digests per table").isEqualTo(tables(b, local.get("pointId").asString()));
                JsonNode restoredHere = assertRestoresAsTheSource(b, source, point, expected, Map.of());

                // the same point restored by the workers: the same rows counted, each part's worker named in the report
                JsonNode restoredAway = assertRestoresAsTheSource(b, source, point, expected,
                        Map.of("DRKIT_WORKERS_MODE", "remote"));
                assertThat(loaded(logA)).as("parts worker a loaded").isNotEmpty();
                assertThat(loaded(logB)).as("parts worker b loaded").isNotEmpty().doesNotContainAnyElementsOf(loaded(logA));
                assertThat(restoredAway.get("rows").asLong()).as("rows the workers loaded")
                        .isEqualTo(restoredHere.get("rows").asLong()).isPositive();
                assertThat(restoredAway.get("parts").asLong()).isEqualTo(restoredHere.get("parts").asLong());
                Map<String, String> ranOn = partHosts(b, restoredAway);
                assertThat(ranOn).as("a timing row per part loaded").hasSize(restoredHere.get("parts").asInt());
                if (here.host() != null) {
                    assertThat(ranOn).as("the hosts the parts ran on")
                            .containsValue(here.host()).containsValue(away.host())
                            .allSatisfy((part, host) -> assertThat(host).isIn(here.host(), away.host()));
                }
                assertThat(partHosts(b, restoredHere).values()).as("a local restore's parts ran on this host")
                        .doesNotContain("drkit-worker-a", "drkit-worker-b");

                // the objects verified by the workers, whole and then with one part damaged: what a local verify finds
                DrkitProcess.Result verified = b.drkit(Map.of("DRKIT_WORKERS_MODE", "remote"), "verify", "--json");
                assertThat(verified.exitCode()).as(verified.all()).isZero();
                assertThat(Files.readString(logA) + Files.readString(logB)).contains("worker: took verifyObjects");
                Map<String, String> readOn = partHosts(b, BackupFixture.JSON.readTree(verified.stdout()));
                assertThat(readOn).as("a timing row per group of objects").isNotEmpty();
                if (here.host() != null) {
                    assertThat(readOn.values()).as("the hosts the groups were read on").containsOnly(here.host(), away.host());
                }
                Path damaged = b.damagePart(point, "tracking.shipments");
                DrkitProcess.Result localFinds = b.drkit(Map.of("DRKIT_WORKERS_MODE", "local"), "verify", "--json");
                DrkitProcess.Result remoteFinds = b.drkit(Map.of("DRKIT_WORKERS_MODE", "remote"), "verify", "--json");
                assertThat(localFinds.exitCode()).as(localFinds.all()).isNotZero();
                assertThat(remoteFinds.exitCode()).as(remoteFinds.all()).isEqualTo(localFinds.exitCode());
                assertThat(BackupFixture.JSON.readTree(remoteFinds.stdout()).get("problems").toString())
                        .as("the damage the workers found").contains(damaged.getFileName().toString())
                        .isEqualTo(BackupFixture.JSON.readTree(localFinds.stdout()).get("problems").toString());
            } finally {
                stop(a);
                stop(w2);
            }
        }
    }

    @Test
    void aWorkerKilledWithAPartInHandGivesItBackAndTheBackupCompletesWithEachPartStoredOnce(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = remote(BackupFixture.onFiles(source, catalog, dir).seeded(2000));
        b.init();
        SourceCapture expected = SourceCapture.of(source);
        Path logA = dir.resolve("worker-a.log");
        Path logB = dir.resolve("worker-b.log");
        // worker a reads the source at 256 kB/s, so that a part (256 kB) stays in its hands for about a second
        Process a = worker(b, logA, Map.of("DRKIT_BACKUP_MAXRATE", "256KB"));
        Process w2 = worker(b, logB, Map.of());
        try {
            awaitReady(a, logA);
            awaitReady(w2, logB);
            Path backupLog = dir.resolve("backup.log");
            Process backup = startRemote(b, backupLog, Map.of(), "backup");
            awaitTaken(backup, backupLog, logA, TOOK);
            // kill -9 from outside, with the part in hand
            assertThat(a.isAlive()).as("worker a is alive when killed").isTrue();
            a.destroyForcibly();
            assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(backup.waitFor(300, TimeUnit.SECONDS)).as("the backup ends").isTrue();
            String said = Files.readString(backupLog);
            assertThat(backup.exitValue()).as(said).isZero();
            Matcher took = TOOK.matcher(Files.readString(logA));
            assertThat(took.find()).isTrue();
            String point = took.group(1);
            assertThat(b.list().toString()).as("the point the workers stored").contains(point);
            List<String> diedWith = taken(logA, point);
            assertThat(diedWith).as("worker a took a part before it died").isNotEmpty();
            String lost = diedWith.get(diedWith.size() - 1);
            assertThat(Files.readString(logA)).as("worker a never finished the part it died with")
                    .doesNotContain("finished fullBackup point " + point + " " + lost);
            assertThat(taken(logB, point)).as("the part worker a died with, given to worker b").contains(lost);

            DrkitProcess.Result verify = b.drkit("verify", "--json");
            assertThat(verify.exitCode()).as("every stored object is the one its manifest names: " + verify.all())
                    .isZero();

            // fail point (an exact place): a worker halts, as a kill -9 would, right after it committed its second part's load
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

            // kill -9 from outside of a worker with a restore part in hand (fail point: it holds each part 5 s
            // before it fetches it)
            Path logD = dir.resolve("worker-d.log");
            Process d = worker(b, logD, Map.of("DRKIT_RESTOREFAILPOINTS_HOLDPARTBEFORELOADING", "5s"));
            JdbcUrl scratch = source.url().withDatabase("postgres");
            String database = RestoreService.scratchDatabase(PointId.of(point));
            try {
                awaitReady(d, logD);
                Path restoreLog = dir.resolve("restore.log");
                Process restore = startRemote(b, restoreLog, Map.of("DRKIT_SCRATCH_URL", scratch.url()), "restore",
                        "--point", point, "--keep");
                awaitTaken(restore, restoreLog, logD, LOADED);
                assertThat(d.isAlive()).as("worker d is alive when killed").isTrue();
                d.destroyForcibly();
                assertThat(d.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(restore.waitFor(300, TimeUnit.SECONDS)).as("the restore ends").isTrue();
                assertThat(restore.exitValue()).as(Files.readString(restoreLog)).isZero();
                String heldByD = loaded(logD).get(0);
                assertThat(Files.readString(logD)).as("worker d never finished a part").doesNotContain("worker: finished");
                assertThat(loaded(logB)).as("the part worker d was killed with, given to worker b").contains(heldByD);
                assertThatRestored(scratch.withDatabase(database)).as("point %s restored", point).isTheSource(expected);
            } finally {
                stop(d);
                try (Connection conn = PgConnections.open(scratch, "test"); Statement st = conn.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
                }
            }
        } finally {
            stop(a);
            stop(w2);
        }
    }

    @Test
    void aWorkerCutOffFromTheBrokerThatFinishesItsPartAnywayDoesNotStoreItAgain(TestDatabase source,
            TestDatabase catalog) throws Exception {
        BackupFixture b = remote(BackupFixture.onFiles(source, catalog, dir).seeded(2000));
        // encrypted: two writes of one part differ (each has its own nonces), so a second copy would show
        Path keyFile = dir.resolve("repository.key");
        DrkitProcess.Result init = b.drkit("init", "--generate-key", keyFile.toString());
        assertThat(init.exitCode()).as(init.all()).isZero();
        b.env.put("DRKIT_ENCRYPTION_KEY_FILE", keyFile.toString());
        SourceCapture expected = SourceCapture.of(source);
        try (TcpRelay relay = TcpRelay.to(BrokerService.host(), BrokerService.port())) {
            Path logA = dir.resolve("worker-a.log");
            Path logB = dir.resolve("worker-b.log");
            // worker a reaches the broker through a relay the test cuts, and (fail points) holds each part 8 s
            // before reading it, so that it still has its part when the broker, seeing its connection gone,
            // gives the part to worker b; it then writes it after worker b did, while the backup still runs
            // (worker b holds each part 1 s: the manager's snapshot, which worker a imports, is still open),
            // and dies as soon as it has stored a part, before it could record what it stored
            Process a = worker(b, logA, Map.of("DRKIT_BROKER_URL", BrokerService.url().replace(
                    ":" + BrokerService.port() + "/", ":" + relay.port() + "/"), "DRKIT_FAILPOINTS_HOLDPARTBEFOREREADING", "8s",
                    "DRKIT_FAILPOINTS_HALTAFTERPARTS", "1"));
            Process w2 = worker(b, logB, Map.of("DRKIT_FAILPOINTS_HOLDPARTBEFOREREADING", "1s"));
            try {
                awaitReady(a, logA);
                awaitReady(w2, logB);
                Path backupLog = dir.resolve("backup.log");
                Process backup = startRemote(b, backupLog, Map.of(), "backup");
                awaitTaken(backup, backupLog, logA, TOOK);
                relay.cut();
                assertThat(backup.waitFor(300, TimeUnit.SECONDS)).as("the backup ends").isTrue();
                assertThat(backup.exitValue()).as(Files.readString(backupLog)).isZero();
                Matcher took = TOOK.matcher(Files.readString(logA));
                assertThat(took.find()).isTrue();
                String point = took.group(1);
                String cutOffWith = took.group(2);
                assertThat(taken(logB, point)).as("the part worker a held when cut off, given to worker b")
                        .contains(cutOffWith);
                // worker a, still alive, ends its part: it finds the part is no longer its own and stores nothing
                long finishing = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (a.isAlive() && !Files.readString(logA).contains("finished fullBackup point " + point + " " + cutOffWith)) {
                    assertThat(System.nanoTime()).as("worker a ends its part: " + Files.readString(logA))
                            .isLessThan(finishing);
                    Thread.sleep(50);
                }

                DrkitProcess.Result verify = b.drkit("verify", "--json");
                assertThat(verify.exitCode()).as("every stored object is the one its manifest names, and none "
                        + "is left over: " + verify.all()).isZero();
                try (var files = Files.walk(Path.of(java.net.URI.create(b.repository)).resolve("points").resolve(point))) {
                    assertThat(files.map(Path::toString).filter(f -> f.contains(".attempt-")).toList())
                            .as("attempts' objects left").isEmpty();
                }
                assertThat(Files.readString(logA)).as("worker a did not store the part").contains(
                        "finished fullBackup point " + point + " " + cutOffWith).doesNotContain("(completed)");
                assertThat(Files.readString(logA)).as("worker a says once that it lost the broker").containsOnlyOnce(
                        "worker: lost the broker amqp://guest@").doesNotContain("Exception").doesNotContain("guest:guest");
                assertRestoresAsTheSource(b, source, point, expected, Map.of());
            } finally {
                stop(a);
                stop(w2);
            }
        }
    }

    @Test
    void withNoWorkerTheBackupSaysSoAndFailsInsteadOfWaiting(TestDatabase source, TestDatabase catalog) {
        BackupFixture b = remote(BackupFixture.onFiles(source, catalog, dir).seeded(100));
        b.init();
        DrkitProcess.Result r = b.drkit(Map.of("DRKIT_WORKERS_MODE", "remote", "DRKIT_WORKERS_WAIT", "2s"), "backup");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("no drkit worker is connected to " + BrokerService.printed())
                .contains("drkit.workers.wait").doesNotContain("guest:guest");
        assertThat(b.list()).as("no point is left half-done").isEmpty();
    }

    @Test
    void aBrokerLostMidBackupFailsTheJobSayingSoAndTheNextRunCompletes(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = remote(BackupFixture.onFiles(source, catalog, dir).seeded(2000));
        SourceCapture expected = SourceCapture.of(source);
        try (TcpRelay relay = TcpRelay.to(BrokerService.host(), BrokerService.port())) {
            b.env.put("DRKIT_BROKER_URL", BrokerService.url().replace(":" + BrokerService.port() + "/", ":" + relay.port() + "/"));
            b.init();
            Path log = dir.resolve("worker.log");
            // the worker reads the source at 1 MiB/s, so the backup is still under way when the broker goes
            Process w = worker(b, log, Map.of("DRKIT_BACKUP_MAXRATE", "1MB"));
            try {
                awaitReady(w, log);
                Path backupLog = dir.resolve("backup.log");
                Process backup = startRemote(b, backupLog, Map.of(), "backup");
                awaitTaken(backup, backupLog, log, TOOK);
                relay.cut();
                assertThat(backup.waitFor(120, TimeUnit.SECONDS)).as("the backup ends without the broker").isTrue();
                String said = Files.readString(backupLog);
                assertThat(backup.exitValue()).as(said).isEqualTo(1);
                assertThat(said).contains("the broker amqp://guest@" + BrokerService.host() + ":" + relay.port() + "/").contains(
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
        b.env.put("DRKIT_BROKER_URL", BrokerService.url());
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
        return worker(b, log, extra, null);
    }

    /** @param place where the worker runs, or null for this machine as it is */
    private Process worker(BackupFixture b, Path log, Map<String, String> extra, WorkerPlace place) throws IOException {
        Map<String, String> env = new HashMap<>(b.env);
        env.put("DRKIT_WORKERS_THREADS", "1");
        env.putAll(extra);
        return DrkitProcess.start(env, dir, log, place == null ? List.of() : place.wrapper(), "worker");
    }

    /** Starts a job whose parts go to the workers; its output goes to {@code log}. */
    private Process startRemote(BackupFixture b, Path log, Map<String, String> extra, String... args) throws IOException {
        Map<String, String> env = new HashMap<>(b.env);
        env.put("DRKIT_WORKERS_MODE", "remote");
        env.putAll(extra);
        return DrkitProcess.start(env, dir, log, args);
    }

    /** Waits, at most 120 s and while the job runs, until a worker says it took one of the job's parts. */
    private static void awaitTaken(Process job, Path jobLog, Path workerLog, Pattern took) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!took.matcher(Files.readString(workerLog)).find()) {
            assertThat(System.nanoTime()).as("the worker took a part within 120 s: " + Files.readString(workerLog))
                    .isLessThan(deadline);
            assertThat(job.isAlive()).as("the job still runs: " + Files.readString(jobLog)).isTrue();
            Thread.sleep(20);
        }
    }

    /** The loopback ports a worker needs: PostgreSQL's (source, catalog, scratch) and the broker's. */
    private static int[] servicePorts(BackupFixture b) {
        return java.util.stream.IntStream.of(b.source.url().port(), JdbcUrl.parse(b.env.get("DRKIT_CATALOG_URL")).port(),
                BrokerService.port()).distinct().toArray();
    }

    /** Each part's host, from the timing table of the report a run stored. */
    private static Map<String, String> partHosts(BackupFixture b, JsonNode restore) throws IOException {
        String id = restore.get("report").get("reportId").asString();
        Path report;
        try (var files = Files.walk(Path.of(java.net.URI.create(b.repository)).resolve("reports"))) {
            report = files.filter(f -> f.getFileName().toString().equals(id + ".json")).findFirst().orElseThrow();
        }
        Map<String, String> hosts = new TreeMap<>();
        for (JsonNode part : BackupFixture.JSON.readTree(Files.readString(report)).get("partTimings")) {
            hosts.put(part.get("part").asString(), part.get("host").asString());
        }
        return hosts;
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

    /** @return the restore's JSON document */
    private static JsonNode assertRestoresAsTheSource(BackupFixture b, TestDatabase source, String point,
            SourceCapture expected, Map<String, String> env) throws Exception {
        JdbcUrl scratch = source.url().withDatabase("postgres");
        Map<String, String> with = new HashMap<>(env);
        with.put("DRKIT_SCRATCH_URL", scratch.url());
        DrkitProcess.Result r = b.drkit(with, "restore", "--point", point, "--keep", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode restored = BackupFixture.JSON.readTree(r.stdout());
        String database = restored.get("database").asString();
        try {
            assertThatRestored(scratch.withDatabase(database)).as("point %s restored", point).isTheSource(expected);
            return restored;
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

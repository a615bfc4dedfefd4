package io.drkit.cli.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.testing.FaultProxy;
import io.drkit.core.testing.FaultProxy.Faults;
import io.drkit.core.testing.S3Service;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestBucket;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * The fault suite: drkit's jobs run as an operator runs them, against an S3 endpoint on a bad day
 * ({@link Faults#BAD_DAY} through a {@link FaultProxy}) and killed with SIGKILL at random moments of
 * their work, then checked the way an auditor would: did the job succeed, or fail cleanly (exit 1
 * naming the object store); did anything report damage that is not there; is every point that
 * should be there still there, and nothing half-visible; is the data restored equal to the source.
 * {@code scripts/fault-suite.sh} runs it with ten rounds; {@code FaultSuiteIT} with one.
 */
public final class FaultSuite {

    /** One line of the table: a job and what became of its runs. */
    public static final class Tally {
        final String job;
        int runs;
        int successes;
        int cleanFailures;
        int falseAlarms;
        int pointsLostOrHalfVisible;
        int restoresCompared;
        int dataEqual;
        int killsLanded;
        final List<Double> seconds = new ArrayList<>();
        /** What the job itself reports as its duration ({@code --json}: {@code seconds}), the JVM's start left out. */
        final List<Double> ownSeconds = new ArrayList<>();
        final List<String> surprises = new ArrayList<>();

        Tally(String job) {
            this.job = job;
        }

        public int runs() {
            return runs;
        }

        public int successes() {
            return successes;
        }

        public int falseAlarms() {
            return falseAlarms;
        }

        public int pointsLostOrHalfVisible() {
            return pointsLostOrHalfVisible;
        }

        public int restoresCompared() {
            return restoresCompared;
        }

        public int dataEqual() {
            return dataEqual;
        }

        public int killsLanded() {
            return killsLanded;
        }

        public List<String> surprises() {
            return surprises;
        }

        /** Median wall seconds of the runs, the JVM's start included. */
        public double medianSeconds() {
            return median(seconds);
        }

        private static double median(List<Double> values) {
            List<Double> s = new ArrayList<>(values);
            s.sort(null);
            return s.isEmpty() ? 0 : s.get((s.size() - 1) / 2);
        }
    }

    private static final int KILLED = 137;
    /** The repository's prefix in its bucket ({@link BackupFixture#onS3}). */
    private static final String PREFIX = "nightly/";

    private final BackupFixture b;
    private final TestBucket bucket;
    private final FaultProxy proxy;
    private final JdbcUrl scratchServer;
    private final Path logs;
    private final Random random;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private SourceCapture source;

    /**
     * @param b a seeded source, a catalog and an S3 repository (initialised), whose env is used as is
     *     for fault-free runs; runs through the proxy get its endpoint instead
     */
    public FaultSuite(BackupFixture b, TestBucket bucket, FaultProxy proxy, Path logs, long seed) {
        this.b = b;
        this.bucket = bucket;
        this.proxy = proxy;
        this.logs = logs;
        this.random = new Random(seed);
        this.scratchServer = b.source.url().withDatabase("postgres");
        b.env.put("DRKIT_SCRATCH_URL", scratchServer.url());
        b.env.put("DRKIT_RESTORE_PARALLELISM", "3");
        for (String job : List.of("backup --full (no faults)", "backup --full", "verify --all", "verify --restore",
                "restore", "backup --full, SIGKILL", "restore, SIGKILL", "verify --restore, SIGKILL", "prune, SIGKILL")) {
            tallies.put(job, new Tally(job));
        }
    }

    public Map<String, Tally> tallies() {
        return tallies;
    }

    public void run(int rounds) throws Exception {
        for (int round = 1; round <= rounds; round++) {
            round(round);
        }
    }

    private Map<String, String> faulty() {
        return Map.of("DRKIT_S3_ENDPOINT", proxy.endpoint().toString());
    }

    private void round(int round) throws Exception {
        proxy.use(Faults.BAD_DAY);
        Set<String> before = points();

        // the same backup without and with faults, for the time it costs
        long t0 = System.nanoTime();
        DrkitProcess.Result clean = b.drkit("backup", "--full", "--json");
        judge("backup --full (no faults)", clean, t0);
        before = points();
        t0 = System.nanoTime();
        DrkitProcess.Result r = b.drkit(faulty(), "backup", "--full", "--json");
        judge("backup --full", r, t0);
        int added = r.exitCode() == 0 ? 1 : 0;
        checkPoints("backup --full", before, added, added);

        before = points();
        t0 = System.nanoTime();
        judge("verify --all", b.drkit(faulty(), "verify", "--all", "--json"), t0);
        t0 = System.nanoTime();
        judge("verify --restore", b.drkit(faulty(), "verify", "--restore", "--json"), t0);
        t0 = System.nanoTime();
        r = b.drkit(faulty(), "restore", "--keep", "--json");
        judge("restore", r, t0);
        if (r.exitCode() == 0) {
            compare("restore", BackupFixture.JSON.readTree(r.stdout()).get("database").asString());
        }
        checkPoints("restore", before, 0, 0);

        killBackup(round);
        killRestore(round);
        killVerifyRestore(round);
        killPrune(round);
    }

    /** Success, a clean failure (exit 1 naming the object store and its endpoint), or a false integrity alarm. */
    private void judge(String job, DrkitProcess.Result r, long startedNanos) {
        Tally t = tallies.get(job);
        t.runs++;
        t.seconds.add((System.nanoTime() - startedNanos) / 1e9);
        if (r.exitCode() == 0) {
            t.successes++;
            JsonNode result = BackupFixture.JSON.readTree(r.stdout());
            if (result.has("durationSeconds")) {
                t.ownSeconds.add(result.get("durationSeconds").asDouble());
            }
        } else if (r.exitCode() == 3) {
            t.falseAlarms++;
            t.surprises.add("exit 3: " + firstLine(r.stderr()));
        } else if (r.exitCode() == 1 && r.stderr().contains("the object store failed")
                && r.stderr().contains(proxy.endpoint().toString())) {
            t.cleanFailures++;
        } else {
            t.surprises.add("exit " + r.exitCode() + ": " + firstLine(r.stderr()));
        }
    }

    /** Points present before must still be there, with as many new ones as the runs completed. */
    private void checkPoints(String job, Set<String> before, int fewestAdded, int mostAdded) {
        Set<String> after = points();
        Tally t = tallies.get(job);
        Set<String> lost = new HashSet<>(before);
        lost.removeAll(after);
        int added = after.size() - before.size();
        if (!lost.isEmpty() || added < fewestAdded || added > mostAdded) {
            t.pointsLostOrHalfVisible++;
            t.surprises.add("points before " + before + ", after " + after);
        }
    }

    private void compare(String job, String database) throws Exception {
        Tally t = tallies.get(job);
        t.restoresCompared++;
        try {
            if (source == null) {
                source = SourceCapture.of(b.source.url()); // nothing in the suite writes to the source
            }
            // pg_dump's schema, rows and sequences: an oracle of its own, not drkit's digests
            Optional<String> difference = SourceCapture.of(scratchServer.withDatabase(database))
                    .differenceFrom(source, SourceCapture.Sequences.EQUAL, statement -> false);
            if (difference.isEmpty()) {
                t.dataEqual++;
            } else {
                t.surprises.add(difference.get());
            }
        } finally {
            drop(database);
        }
    }

    /** Killed once it has stored a part, at a random moment after; the next backup must leave only whole points. */
    private void killBackup(int round) throws Exception {
        Tally t = tallies.get("backup --full, SIGKILL");
        Set<String> before = points();
        Set<String> objectsBefore = objectKeys();
        boolean landed = kill(t, round, List.of("backup", "--full"),
                () -> objectKeys().stream().anyMatch(k -> k.contains("/data/") && !objectsBefore.contains(k)), 1500);
        DrkitProcess.Result rerun = b.drkit("backup", "--full", "--json");
        afterKill(t, landed, rerun);
        // killed after its manifest, the killed run's point is whole and the rerun takes another
        checkPoints(t.job, before, landed ? 1 : 2, 2);
        wholeRepository(t);
    }

    private void killRestore(int round) throws Exception {
        Tally t = tallies.get("restore, SIGKILL");
        String point = newestPoint();
        String database = "drkit_" + point.toLowerCase(Locale.ROOT).replace('-', '_');
        boolean landed = kill(t, round, List.of("restore", "--point", point, "--keep"), () -> exists(database), 2000);
        if (landed && finishedRestore(database)) {
            // the kill came after the restore's last step (its ledger removed) and before the JVM ended:
            // the database is the finished restore, which a rerun rightly refuses to overwrite
            t.successes++;
            compare(t.job, database);
            return;
        }
        DrkitProcess.Result rerun = b.drkit("restore", "--point", point, "--keep", "--json");
        afterKill(t, landed, rerun);
        if (rerun.exitCode() == 0) {
            compare(t.job, database);
        } else {
            drop(database);
        }
    }

    private void killVerifyRestore(int round) throws Exception {
        Tally t = tallies.get("verify --restore, SIGKILL");
        String point = newestPoint();
        String database = "drkit_" + point.toLowerCase(Locale.ROOT).replace('-', '_');
        boolean landed = kill(t, round, List.of("verify", "--restore"), () -> exists(database), 2000);
        afterKill(t, landed, b.drkit("verify", "--restore", "--json"));
    }

    /** Prune keeps the newest point only here; what it keeps must be there after a kill and a second run. */
    private void killPrune(int round) throws Exception {
        Tally t = tallies.get("prune, SIGKILL");
        Map<String, String> retention = Map.of("DRKIT_RETENTION_KEEPLAST", "1", "DRKIT_RETENTION_KEEPDAILY", "0",
                "DRKIT_RETENTION_KEEPWEEKLY", "0", "DRKIT_RETENTION_KEEPMONTHLY", "0");
        JsonNode plan = BackupFixture.JSON.readTree(b.drkit(retention, "prune", "--dry-run", "--json").stdout());
        Set<String> kept = new HashSet<>();
        plan.get("decisions").forEach(d -> {
            if (d.get("keep").asBoolean()) {
                kept.add(d.get("pointId").asString());
            }
        });
        Map<String, String> env = new LinkedHashMap<>(faulty());
        env.putAll(retention);
        long started = System.nanoTime();
        // prune's work is short: its sign is the JVM up and the repository opened, a random moment in
        boolean landed = kill(t, round, env, List.of("prune"), () -> System.nanoTime() - started > 2_500_000_000L, 2500);
        afterKill(t, landed, b.drkit(retention, "prune", "--json"));
        Set<String> after = points();
        if (!after.containsAll(kept)) {
            t.pointsLostOrHalfVisible++;
            t.surprises.add("prune lost kept points: kept " + kept + ", after " + after);
        }
        wholeRepository(t);
    }

    private boolean kill(Tally t, int round, List<String> args, BooleanSupplier signOfWork, int maxDelayMillis)
            throws Exception {
        return kill(t, round, faulty(), args, signOfWork, maxDelayMillis);
    }

    /**
     * Starts the job, waits (bounded) for a sign that it is at work, waits a random moment more, and
     * kills it with SIGKILL if it is still alive. The run counts as a kill only then.
     */
    private boolean kill(Tally t, int round, Map<String, String> extraEnv, List<String> args, BooleanSupplier signOfWork,
            int maxDelayMillis) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(b.env);
        env.putAll(extraEnv);
        Path log = logs.resolve(t.job.replaceAll("[^a-z]+", "-") + "-" + round + ".log");
        Process p = DrkitProcess.start(env, logs, log, args.toArray(String[]::new));
        t.runs++;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && !signOfWork.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(random.nextInt(maxDelayMillis + 1));
        boolean alive = p.isAlive();
        if (alive) {
            p.destroyForcibly();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(t.job + " did not die");
        }
        if (alive && p.exitValue() == KILLED) {
            t.killsLanded++;
            return true;
        }
        if (p.exitValue() != 0) {
            t.surprises.add("ended " + p.exitValue() + " before the kill: " + firstLine(Files.readString(log)));
        }
        return false;
    }

    /** The same command run again after the kill must succeed: that is the job's success here. */
    private void afterKill(Tally t, boolean landed, DrkitProcess.Result rerun) {
        if (rerun.exitCode() == 0) {
            t.successes++;
        } else if (rerun.exitCode() == 3) {
            t.falseAlarms++;
            t.surprises.add("rerun exit 3: " + firstLine(rerun.stderr()));
        } else {
            t.surprises.add("rerun exit " + rerun.exitCode() + (landed ? "" : " (no kill)") + ": " + firstLine(rerun.stderr()));
        }
    }

    /** Without faults, verify --all must find every listed point whole and nothing left over. */
    private void wholeRepository(Tally t) {
        DrkitProcess.Result v = b.drkit("verify", "--all", "--json");
        if (v.exitCode() != 0) {
            t.pointsLostOrHalfVisible++;
            t.surprises.add("verify --all after it: exit " + v.exitCode() + ": " + firstLine(v.stdout() + v.stderr()));
        }
    }

    /** The complete points, read from the bucket itself (a manifest is what makes a point). */
    private Set<String> points() {
        Set<String> ids = new HashSet<>();
        for (String key : objectKeys()) {
            if (key.startsWith(PREFIX + "points/") && key.endsWith("/manifest.json")) {
                ids.add(key.substring((PREFIX + "points/").length(), key.length() - "/manifest.json".length()));
            }
        }
        return ids;
    }

    /** Point ids begin with their time, so the greatest is the newest. */
    private String newestPoint() {
        return points().stream().max(String::compareTo).orElseThrow();
    }

    private Set<String> objectKeys() {
        try (S3Client s3 = S3Service.get().client()) {
            Set<String> keys = new HashSet<>();
            s3.listObjectsV2Paginator(l -> l.bucket(bucket.name())).contents().forEach(o -> keys.add(o.key()));
            return keys;
        }
    }

    private boolean exists(String database) {
        try (Connection c = PgConnections.open(scratchServer, "test"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
            return rs.next();
        } catch (Exception e) {
            return false;
        }
    }

    /** A restore drkit left unfinished keeps its ledger schema in the database; a finished one has none. */
    private boolean finishedRestore(String database) throws Exception {
        if (!exists(database)) {
            return false;
        }
        try (Connection c = PgConnections.open(scratchServer.withDatabase(database), "test"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE nspname = 'drkit_restore'), "
                        + "count(*) FILTER (WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN "
                        + "('information_schema', 'public', 'drkit_restore')) FROM pg_namespace")) {
            rs.next();
            return rs.getLong(1) == 0 && rs.getLong(2) > 0;
        }
    }

    private void drop(String database) throws Exception {
        try (Connection c = PgConnections.open(scratchServer, "test"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        }
    }

    private static String firstLine(String text) {
        return text.lines().map(l -> l.replaceFirst("^\\S+Z (?=drkit:)", ""))
                .filter(l -> l.startsWith("drkit:") && !l.contains("building")).findFirst()
                .orElse(text.lines().findFirst().orElse(""));
    }

    /** The table of docs/RELIABILITY.md. */
    public String table(int rounds, Duration took) {
        StringBuilder s = new StringBuilder();
        s.append("| job | runs | successes | clean failures | false integrity alarms | points lost or half-visible "
                + "| data equal after restore | median s |\n|---|---|---|---|---|---|---|---|\n");
        for (Tally t : tallies.values()) {
            boolean killed = t.job.endsWith("SIGKILL");
            s.append(String.format(Locale.ROOT, "| %s | %d%s | %d | %d | %d | %d | %s | %s |%n", t.job, t.runs,
                    killed ? " (" + t.killsLanded + " killed)" : "", t.successes, t.cleanFailures,
                    t.falseAlarms, t.pointsLostOrHalfVisible,
                    t.restoresCompared == 0 ? "" : t.dataEqual + " of " + t.restoresCompared,
                    killed ? "" : String.format(Locale.ROOT, "%.1f", t.medianSeconds())));
        }
        FaultProxy.Counts c = proxy.counts();
        Tally clean = tallies.get("backup --full (no faults)");
        Tally faulty = tallies.get("backup --full");
        double own = Tally.median(clean.ownSeconds);
        double ownFaulty = Tally.median(faulty.ownSeconds);
        s.append(String.format(Locale.ROOT, "%n%d rounds in %.0f s. The proxy saw %d requests: %d answered 503 SlowDown, "
                + "%d cut mid-answer, %d delayed.%n%nBackup under faults: median wall %.1f s against %.1f s without "
                + "(%.2fx); the backup's own time (its `seconds`, the JVM's start left out) %.1f s against %.1f s "
                + "(%.2fx).%n", rounds, took.toMillis() / 1000.0, c.requests(), c.slowDowns(), c.cuts(), c.delays(),
                faulty.medianSeconds(), clean.medianSeconds(),
                clean.medianSeconds() == 0 ? 0 : faulty.medianSeconds() / clean.medianSeconds(), ownFaulty, own,
                own == 0 ? 0 : ownFaulty / own));
        tallies.values().stream().filter(t -> !t.surprises.isEmpty()).forEach(t -> s.append("\n").append(t.job)
                .append(": ").append(String.join("; ", t.surprises)));
        return s.toString();
    }
}

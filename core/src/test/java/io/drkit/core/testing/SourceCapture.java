package io.drkit.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.drkit.core.pg.JdbcUrl;

/**
 * A database as the machine's own {@code pg_dump} sees it, independently of drkit: the schema
 * ({@code --schema-only}, comments, {@code SET} lines and the random {@code \restrict} keys left
 * out), every table's rows ({@code --data-only}, each table's rows sorted, since parts load in
 * parallel and land on the heap in another order), and the sequences' positions (the
 * {@code setval} lines of the data dump). It is the oracle restore-after-fault tests compare a
 * restored database with: nothing of drkit (its digests, its readers, its SQL) takes part.
 *
 * <p>Use {@link #of} on the source when it stands as the point must restore it, then
 * {@link RestoredDatabaseAssert#assertThatRestored} on the restored database. Where they differ, the
 * message names the first differing table, statement or sequence, with at most a short excerpt of
 * row text.
 */
public final class SourceCapture {

    private static final Pattern SETVAL = Pattern.compile("^SELECT pg_catalog\\.setval\\('(.*)', (-?\\d+), (true|false)\\);$");
    private static final Pattern COPY = Pattern.compile("^COPY (.+?) (\\(.*\\) )?FROM stdin;$");

    /** One table's data: its {@code COPY} line (which names the columns in order) and its rows, sorted. */
    public record Table(String copy, List<String> rows) {}

    /**
     * A sequence's position as {@code setval} states it.
     *
     * @param called whether {@code value} has been handed out (the next is past it) or is the next one
     */
    public record Sequence(long value, boolean called) {

        /** The last value handed out, for ascending sequences (all drkit's tests use). */
        public long lastUsed() {
            return called ? value : value - 1;
        }

        @Override
        public String toString() {
            return value + (called ? " (used)" : " (next)");
        }
    }

    private final String database;
    private final List<String> schema;
    private final Map<String, Table> tables;
    private final Map<String, Sequence> sequences;
    private final List<String> otherData;

    private SourceCapture(String database, List<String> schema, Map<String, Table> tables,
            Map<String, Sequence> sequences, List<String> otherData) {
        this.database = database;
        this.schema = schema;
        this.tables = tables;
        this.sequences = sequences;
        this.otherData = otherData;
    }

    public static SourceCapture of(TestDatabase db) {
        return of(db.url());
    }

    /** Runs {@code pg_dump} twice (schema, then data) against {@code url}. */
    public static SourceCapture of(JdbcUrl url) {
        List<String> schema = schemaStatements(pgDump(url, "--schema-only"));
        Map<String, Table> tables = new LinkedHashMap<>();
        Map<String, Sequence> sequences = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        String copy = null;
        List<String> rows = null;
        for (String line : pgDump(url, "--data-only").split("\n", -1)) {
            if (rows != null) {
                if (line.equals("\\.")) {
                    Collections.sort(rows);
                    Matcher m = COPY.matcher(copy);
                    tables.put(m.matches() ? m.group(1) : copy, new Table(copy, List.copyOf(rows)));
                    rows = null;
                } else {
                    rows.add(line);
                }
                continue;
            }
            Matcher setval = SETVAL.matcher(line);
            if (COPY.matcher(line).matches()) {
                copy = line;
                rows = new ArrayList<>();
            } else if (setval.matches()) {
                sequences.put(setval.group(1).replace("''", "'"),
                        new Sequence(Long.parseLong(setval.group(2)), Boolean.parseBoolean(setval.group(3))));
            } else if (!noise(line)) {
                other.add(line);
            }
        }
        if (rows != null) {
            throw new IllegalStateException("pg_dump's data of " + url.database() + " ended inside " + copy);
        }
        return new SourceCapture(url.database(), List.copyOf(schema), Collections.unmodifiableMap(tables),
                Collections.unmodifiableMap(sequences), List.copyOf(other));
    }

    /**
     * This capture without the tables and sequences of {@code schemaName} (a schema of drkit's own in
     * the captured database); its statements are left out by the caller's schema predicate.
     */
    public SourceCapture withoutSchema(String schemaName) {
        Map<String, Table> kept = new LinkedHashMap<>(tables);
        kept.keySet().removeIf(t -> t.startsWith(schemaName + "."));
        Map<String, Sequence> keptSequences = new LinkedHashMap<>(sequences);
        keptSequences.keySet().removeIf(q -> q.startsWith(schemaName + "."));
        return new SourceCapture(database, schema, Collections.unmodifiableMap(kept),
                Collections.unmodifiableMap(keptSequences), otherData);
    }

    public List<String> schema() {
        return schema;
    }

    public Map<String, Table> tables() {
        return tables;
    }

    public Map<String, Sequence> sequences() {
        return sequences;
    }

    public long rows() {
        return tables.values().stream().mapToLong(t -> t.rows().size()).sum();
    }

    /** How sequences are judged against the capture. */
    public enum Sequences {
        /** Each at the captured position: a restore of the point the capture was taken at. */
        EQUAL,
        /**
         * Each at or past it: a restore to a moment ({@code --time}) takes sequences from the point after
         * the moment, since sequences are not transactional.
         */
        AT_OR_PAST
    }

    /**
     * The first way {@code this} (the restored database) differs from {@code expected} (the source),
     * in words, or empty where it does not.
     *
     * @param ignoredSchema schema statements left out on both sides (what verification adds, such as
     *     amcheck); {@code s -> false} for none
     */
    public Optional<String> differenceFrom(SourceCapture expected, Sequences rule, Predicate<String> ignoredSchema) {
        Optional<String> d = schemaDifference(expected, ignoredSchema);
        if (d.isEmpty()) {
            d = dataDifference(expected);
        }
        if (d.isEmpty()) {
            d = sequenceDifference(expected, rule);
        }
        return d.map(text -> database + " differs from the capture of " + expected.database + ": " + text);
    }

    private Optional<String> schemaDifference(SourceCapture expected, Predicate<String> ignored) {
        List<String> want = expected.schema.stream().filter(ignored.negate()).toList();
        List<String> have = schema.stream().filter(ignored.negate()).toList();
        if (want.equals(have)) {
            return Optional.empty();
        }
        List<String> missing = minus(want, have);
        List<String> extra = minus(have, want);
        if (!missing.isEmpty()) {
            return Optional.of("schema: missing " + missing.size() + " statement(s) of the source, the first: "
                    + excerpt(missing.get(0), 200) + (extra.isEmpty() ? "" : "; and " + extra.size()
                            + " the source lacks, the first: " + excerpt(extra.get(0), 200)));
        }
        if (!extra.isEmpty()) {
            return Optional.of("schema: " + extra.size() + " statement(s) the source lacks, the first: "
                    + excerpt(extra.get(0), 200));
        }
        int at = 0;
        while (want.get(at).equals(have.get(at))) {
            at++;
        }
        return Optional.of("schema: the same statements in another order, the first out of place ("
                + (at + 1) + "): " + excerpt(have.get(at), 200));
    }

    private Optional<String> dataDifference(SourceCapture expected) {
        for (Map.Entry<String, Table> e : expected.tables.entrySet()) {
            Table have = tables.get(e.getKey());
            Table want = e.getValue();
            if (have == null) {
                return Optional.of("table " + e.getKey() + " has no data in the dump (" + want.rows().size()
                        + " rows in the source)");
            }
            if (!have.copy().equals(want.copy())) {
                return Optional.of("table " + e.getKey() + ": columns " + excerpt(have.copy(), 200) + ", the source's "
                        + excerpt(want.copy(), 200));
            }
            if (!have.rows().equals(want.rows())) {
                List<String> missing = minusSorted(want.rows(), have.rows());
                List<String> extra = minusSorted(have.rows(), want.rows());
                return Optional.of("table " + e.getKey() + ": " + have.rows().size() + " rows, the source "
                        + want.rows().size() + "; " + missing.size() + " of the source's missing"
                        + (missing.isEmpty() ? "" : " (the first: " + excerpt(missing.get(0), 100) + ")") + ", "
                        + extra.size() + " not the source's" + (extra.isEmpty() ? "" : " (the first: "
                                + excerpt(extra.get(0), 100) + ")"));
            }
        }
        for (String table : tables.keySet()) {
            if (!expected.tables.containsKey(table)) {
                return Optional.of("table " + table + " is not the source's (" + tables.get(table).rows().size()
                        + " rows)");
            }
        }
        if (!otherData.equals(expected.otherData)) {
            List<String> missing = minus(expected.otherData, otherData);
            return Optional.of("data statements differ" + (missing.isEmpty() ? "" : ", missing: "
                    + excerpt(missing.get(0), 200)));
        }
        return Optional.empty();
    }

    private Optional<String> sequenceDifference(SourceCapture expected, Sequences rule) {
        for (Map.Entry<String, Sequence> e : expected.sequences.entrySet()) {
            Sequence have = sequences.get(e.getKey());
            Sequence want = e.getValue();
            boolean fine = have != null && (rule == Sequences.EQUAL ? have.equals(want)
                    : have.lastUsed() >= want.lastUsed());
            if (!fine) {
                return Optional.of("sequence " + e.getKey() + " at " + (have == null ? "nothing" : have)
                        + ", the source's at " + want + (rule == Sequences.EQUAL ? "" : " (at or past it expected)"));
            }
        }
        for (String name : sequences.keySet()) {
            if (!expected.sequences.containsKey(name)) {
                return Optional.of("sequence " + name + " is not the source's");
            }
        }
        return Optional.empty();
    }

    /** {@code a} without one occurrence of each element of {@code b}, in {@code a}'s order. */
    private static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        b.forEach(s -> counts.merge(s, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (String s : a) {
            Integer n = counts.get(s);
            if (n == null || n == 0) {
                out.add(s);
            } else {
                counts.put(s, n - 1);
            }
        }
        return out;
    }

    /** {@link #minus} of two sorted lists, in one pass: tables have many rows. */
    private static List<String> minusSorted(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        int j = 0;
        for (String s : a) {
            while (j < b.size() && b.get(j).compareTo(s) < 0) {
                j++;
            }
            if (j < b.size() && b.get(j).equals(s)) {
                j++;
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static String excerpt(String text, int max) {
        String flat = text.replace('\n', ' ').replace('\t', ' ');
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }

    /**
     * The schema as statements: lines joined until one ends a statement. A function body's inner
     * lines may end one early; that only cuts it into pieces, compared all the same.
     */
    private static List<String> schemaStatements(String dump) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dump.split("\n", -1)) {
            if (current.isEmpty() && noise(line)) {
                continue;
            }
            current.append(current.isEmpty() ? "" : "\n").append(line);
            if (line.endsWith(";")) {
                statements.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current.toString());
        }
        return statements;
    }

    /**
     * Lines that say nothing about the database: comments (they name the dump's own versions), session
     * settings, blank lines, and the random {@code \restrict} keys of newer pg_dump.
     */
    private static boolean noise(String line) {
        return line.isBlank() || line.startsWith("--") || line.startsWith("SET ")
                || line.startsWith("SELECT pg_catalog.set_config(") || line.startsWith("\\restrict")
                || line.startsWith("\\unrestrict");
    }

    private static String pgDump(JdbcUrl url, String section) {
        Path pgDump = RequiredTool.find("postgresql-client", "pg_dump");
        ProcessBuilder pb = new ProcessBuilder(pgDump.toString(), section, "--host=" + url.host(),
                "--port=" + url.port(), "--username=" + url.user(), "--dbname=" + url.database());
        String password = url.parameters().get("password");
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("source-capture", ".sql");
            err = Files.createTempFile("source-capture", ".err");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("pg_dump " + section + " of " + url.database() + " did not end in 3 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("pg_dump " + section + " of " + url.database() + " failed: "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("pg_dump " + section + " of " + url.database() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pg_dump ran", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is no reason to fail a test
            }
        }
    }
}

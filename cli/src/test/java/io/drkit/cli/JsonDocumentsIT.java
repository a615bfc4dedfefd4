package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON documents scripts and auditors read, compared with the files under
 * {@code src/test/resources/golden}: every command's {@code --json} document and every kind of
 * stored report, from one scenario. Values that change from run to run (times, durations, ids,
 * sizes, names of databases and hosts) become placeholders of their JSON type, found by key name;
 * key names, key order, nesting, value types and every other value must be exactly the same.
 * Each command's document, and the error object of a failure, must also match its JSON Schema in
 * {@code docs/json}, as the real run printed it. With {@code -Dgolden.update=true} the files are
 * written instead (only for a change of format that is meant, and said in the README and
 * docs/json/CHANGES.md).
 */
@ExtendWith(RealServices.class)
@ChangeCapture
class JsonDocumentsIT {

    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    static final Path TRACKING_CONFIG = Path.of("..", "config", "tracking.yml").toAbsolutePath().normalize();
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Keys whose values differ from run to run; the value becomes a placeholder of its type. */
    static final Set<String> VOLATILE = Set.of("pointId", "time", "pointTime", "database", "repository",
            "pointIds", "readBytes", "parentPointId", "removedPointIds", "leftoverPointIds", "directory",
            "id", "key", "localHtml", "index", "reportId", "started", "finished", "durationMillis", "declaredAt",
            "parent", "fromLsn", "toLsn", "newestPointId", "verifiedPointId", "worstGapFrom", "worstGapTo",
            "pointAgeSeconds", "restoreSeconds", "millis", "copyBytes", "storedBytes", "bytesRead", "slot",
            "slotRetainedBytes", "summary", "detail", "htmlSha256", "signature", "previousReportId", "previousSha256",
            "user", "host", "toolVersion", "javaVersion", "sourceDigest", "restoredDigest", "keyId", "message",
            "fix", "parts", "ratio", "uploads", "events", "statusUpdates", "newShipments", "deletes", "droppedSlots",
            "lastSuccess", "lastFailure", "ageMillis", "retainedBytes", "transactions", "changeRows", "rows",
            "sourceRows", "restoredRows", "inPoints", "read", "objectsInPoints", "objectsRead", "commands", "reason",
            "reasons", "at", "from", "to", "attempts", "firstBreak", "systemIdentifier", "serverVersion", "restoreServer",
            "signingKeySha256", "standbyDatabase", "copyDatabase", "targetUrl", "provenAt", "promotedAt",
            "restoreDrillDeclaredAt", "partTimings");

    /** Text inside other values that differs from run to run. */
    static final List<Map.Entry<Pattern, String>> IN_TEXT = List.of(
            Map.entry(Pattern.compile("\\d{8}T\\d{6}(\\d{3})?Z-[a-z]+-[0-9a-f]{4,}"), "<point>"),
            Map.entry(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), "<instant>"),
            Map.entry(Pattern.compile("drkit_[0-9a-f]{6,}_\\w+"), "<slot>"),
            Map.entry(Pattern.compile("_\\d{4}_\\d{2}\\b"), "_<month>"),
            Map.entry(Pattern.compile("\\d+(\\.\\d+)? ?(ms|s|m|h|d|B|KB|MB|KiB|MiB|kB)\\b"), "<amount>"));

    @TempDir
    Path dir;

    @Test
    void everyCommandsDocumentAndEveryStoredReportAsBefore(TestDatabase source, TestDatabase catalog, TestDatabase standby)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(300);
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        // generous targets: the verdicts must not depend on how fast this machine is
        b.env.put("DRKIT_TARGETS_RPO", "30d");
        b.env.put("DRKIT_TARGETS_RTO", "1d");
        String config = TRACKING_CONFIG.toString();
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        documents.put("init", run(b, 0, "init", "--json"));
        documents.put("backup-full", run(b, 0, "backup", "--full", "--json"));
        try (java.sql.Connection c = source.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("UPDATE tracking.shipments SET status = status WHERE waybill IN (SELECT waybill FROM tracking.shipments"
                    + " ORDER BY waybill LIMIT 5)");
        }
        documents.put("backup-incremental", run(b, 0, "backup", "--incremental", "--json"));
        documents.put("list", run(b, 0, "list", "--json"));
        String full = documents.get("backup-full").get("pointId").asString();
        documents.put("restore", run(b, 0, "restore", "--point", full, "--json"));
        documents.put("verify", run(b, 0, "verify", "--all", "--json"));
        documents.put("verify-restore", run(b, 0, "--config", config, "verify", "--restore", "--json"));
        documents.put("drill", run(b, 0, "--config", config, "drill", "--json"));
        // a standby of the small repository, and a failover drill on a copy of it: status lists it
        b.env.put("DRKIT_STANDBY_TARGETURL", standby.url().url());
        documents.put("standby", run(b, 0, "standby", "--json"));
        documents.put("drill-failover", run(b, 0, "drill", "--failover", "--json"));
        documents.put("status", run(b, 0, "status", "--json"));
        documents.put("prune-dry-run", run(b, 0, "prune", "--dry-run", "--json"));
        documents.put("check", run(b, -1, "check", "--json"));
        documents.put("report", run(b, 0, "report", "--json"));
        documents.put("report-check", run(b, 0, "report", "--check", "--json"));
        documents.put("schedule-print", run(b, 0, "schedule", "print", "--format", "cron", "--json"));
        documents.put("init-reset-slot", run(b, 0, "init", "--reset-slot", "--json"));
        // failures: a point that does not exist (the command's own), a typo (before Spring), a setting drkit cannot use
        documents.put("error", failure(b, 2, "restore", "--point", "20010101T000000Z-full-0000", "--json"));
        assertThat(failure(b, 2, "bakup", "--json").get("error").get("message").asString()).contains("did you mean 'backup'");
        b.env.put("DRKIT_TARGETS_RPO", "soon");
        assertThat(failure(b, 2, "status", "--json").get("error").get("message").asString()).contains("DRKIT_TARGETS_RPO");
        b.env.put("DRKIT_TARGETS_RPO", "30d");
        storedReports(Path.of(java.net.URI.create(b.repository)).resolve("reports"))
                .forEach((kind, report) -> documents.put("stored-report-" + kind, report));
        assertThat(documents).containsKeys("stored-report-restore", "stored-report-verify-objects",
                "stored-report-verify-restore", "stored-report-drill", "stored-report-failover-drill");

        List<String> differing = new ArrayList<>();
        List<String> unlikeTheirSchemas = new ArrayList<>();
        for (Map.Entry<String, JsonNode> d : documents.entrySet()) {
            if (!d.getKey().startsWith("stored-report-")) {
                unlikeTheirSchemas.addAll(JsonSchemas.problems(schemaOf(d.getKey()), d.getValue()));
            }
            String actual = JSON.writeValueAsString(normalised(d.getValue(), null)) + "\n";
            Path file = GOLDEN.resolve(d.getKey() + ".json");
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            } else if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(actual)) {
                differing.add(d.getKey() + ":\n" + actual);
            }
        }
        assertThat(unlikeTheirSchemas).as("documents that do not match their schemas in docs/json").isEmpty();
        assertThat(differing).as("documents that differ from src/test/resources/golden").isEmpty();
    }

    /** The schema of a golden document: one per command's document, whatever options gave it. */
    static String schemaOf(String golden) {
        return golden.equals("prune-dry-run") ? "prune" : golden;
    }

    /** @param exitCode the exit code expected, or -1 for any (check's depends on the machine's pg_dump) */
    private static JsonNode run(BackupFixture b, int exitCode, String... args) {
        DrkitProcess.Result r = b.drkit(args);
        if (exitCode >= 0) {
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.all()).isEqualTo(exitCode);
        }
        return BackupFixture.JSON.readTree(r.stdout());
    }

    /** A failure under --json: the error object on stdout, naming the exit code, and the operator's line on stderr. */
    private static JsonNode failure(BackupFixture b, int exitCode, String... args) {
        DrkitProcess.Result r = b.drkit(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.all()).isEqualTo(exitCode);
        JsonNode error = BackupFixture.JSON.readTree(r.stdout());
        assertThat(JsonSchemas.problems("error", error)).as(r.stdout()).isEmpty();
        assertThat(error.get("error").get("exitCode").asInt()).isEqualTo(exitCode);
        assertThat(r.stderr()).as("the human line stays on stderr").contains("drkit: " + error.get("error").get("message")
                .asString().replaceFirst(";.*", ""));
        return error;
    }

    /** The stored JSON report of each kind, read from the repository's reports area. */
    private static Map<String, JsonNode> storedReports(Path reports) throws IOException {
        Map<String, JsonNode> byKind = new TreeMap<>();
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode report = BackupFixture.JSON.readTree(Files.readString(f));
                byKind.put(report.get("kind").asString(), report);
            }
        }
        return byKind;
    }

    static JsonNode normalised(JsonNode node, String key) {
        // measured durations vary; the targets are this test's own settings, so they must come out exactly
        boolean measured = key != null && (key.endsWith("Millis") || key.endsWith("Seconds") && !key.endsWith("TargetSeconds"));
        if (key != null && (VOLATILE.contains(key) || measured) && !node.isNull()) {
            return placeholder(node);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>(node.propertyNames());
            if ("report".equals(key)) {
                // made with Map.of today, whose order changes from one JVM to the next
                names.sort(null);
            }
            names.forEach(n -> copy.set(n, normalised(node.get(n), n)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> copy.add(normalised(e, null)));
            return copy;
        }
        if (node.isString()) {
            String text = node.asString();
            for (Map.Entry<Pattern, String> p : IN_TEXT) {
                text = p.getKey().matcher(text).replaceAll(p.getValue());
            }
            return JsonNodeFactory.instance.stringNode(text);
        }
        return node;
    }

    /** Keeps the shape of objects and arrays, and the type of everything else. */
    private static JsonNode placeholder(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.propertyNames().forEach(n -> copy.set(n, placeholder(node.get(n))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            if (!node.isEmpty()) {
                copy.add(placeholder(node.get(0)));
            }
            return copy;
        }
        if (node.isString()) {
            return JsonNodeFactory.instance.stringNode("<string>");
        }
        if (node.isIntegralNumber()) {
            return JsonNodeFactory.instance.stringNode("<integer>");
        }
        if (node.isNumber()) {
            return JsonNodeFactory.instance.stringNode("<decimal>");
        }
        return node;
    }
}

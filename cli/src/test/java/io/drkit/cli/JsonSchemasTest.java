package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.drkit.cli.json.JsonDocuments;
import io.drkit.core.error.ExitCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schemas of docs/json against the writer of the documents, without a drkit process: the vocabulary's units
 * as written (seconds, UTC milliseconds, schemaVersion first), the error object, and one schema per golden
 * document. JsonDocumentsIT validates every document a real run prints.
 */
class JsonSchemasTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Sample(Instant time, Duration durationSeconds) {}

    @Test
    void theWriterSpeaksTheVocabulary() {
        JsonNode written = JSON.readTree(JsonDocuments.write(new Sample(Instant.parse("2026-11-25T03:15:00.123456Z"),
                Duration.ofMillis(61_005))));
        assertThat(written.propertyNames()).containsExactly("schemaVersion", "time", "durationSeconds");
        assertThat(written.get("schemaVersion").asInt()).isEqualTo(JsonDocuments.SCHEMA_VERSION);
        assertThat(written.get("time").asString()).as("UTC, truncated to the millisecond").isEqualTo("2026-11-25T03:15:00.123Z");
        assertThat(written.get("durationSeconds").decimalValue()).isEqualByComparingTo("61.005");
        assertThat(JsonDocuments.write(new Sample(Instant.parse("2026-11-25T03:15:00Z"), Duration.ZERO)))
                .as("always three decimals").contains("\"2026-11-25T03:15:00.000Z\"").contains(": 0.000");
    }

    @Test
    void theErrorObjectMatchesItsSchema() {
        JsonNode error = JSON.readTree(JsonDocuments.error(ExitCode.LOCKED, "another run holds the lock"));
        assertThat(JsonSchemas.problems("error", error)).isEmpty();
        assertThat(error.get("error").get("kind").asString()).isEqualTo("locked");
        assertThat(error.get("error").get("exitCode").asInt()).isEqualTo(5);

        JsonNode wrong = JSON.readTree("{\"schemaVersion\": 1, \"error\": {\"exitCode\": 2, \"kind\": \"bad\", \"message\": \"x\"}}");
        assertThat(JsonSchemas.problems("error", wrong)).as("the schema holds the kinds").isNotEmpty();
    }

    @Test
    void theSharedDefinitionsRefuseTheOldSpellings() {
        JsonNode oldTime = JSON.readTree("{\"schemaVersion\": 1, \"index\": \"x\", \"indexMillis\": 3}");
        assertThat(JsonSchemas.problems("report", oldTime)).as("no key the schema does not name").isNotEmpty();
        JsonNode micro = JSON.readTree("{\"schemaVersion\": 1, \"repository\": \"r\", \"decisions\": [{\"pointId\": "
                + "\"20261125T031500Z-full-3fa9\", \"time\": \"2026-11-25T03:15:00.123456Z\", \"parentPointId\": null, "
                + "\"keep\": true, \"reasons\": []}], \"leftoverPointIds\": [], \"dryRun\": true}");
        assertThat(JsonSchemas.problems("prune", micro)).as("microseconds are not the vocabulary's time").hasSize(1);
    }

    @Test
    void everyGoldenDocumentHasItsSchema() throws IOException {
        List<String> golden;
        try (Stream<Path> files = Files.list(JsonDocumentsIT.GOLDEN)) {
            golden = files.map(f -> f.getFileName().toString().replace(".json", ""))
                    .filter(n -> !n.startsWith("stored-report-")).toList();
        }
        assertThat(golden).isNotEmpty().allSatisfy(n ->
                assertThat(JsonSchemas.DIRECTORY.resolve(JsonDocumentsIT.schemaOf(n) + ".schema.json")).exists());
    }
}

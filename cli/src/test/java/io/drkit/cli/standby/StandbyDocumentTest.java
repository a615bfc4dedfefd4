package io.drkit.cli.standby;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.drkit.cli.JsonSchemas;
import io.drkit.cli.json.JsonDocuments;
import io.drkit.core.manifest.PointId;
import io.drkit.standby.StandbyService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The promotion's document, which no IT prints with {@code --json} (a promotion ends a standby), against
 * docs/json/standby.schema.json; the follower's is checked from real runs by JsonDocumentsIT and StandbyIT.
 */
class StandbyDocumentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aPromotionsDocumentSpeaksTheVocabulary() {
        JsonNode doc = JSON.readTree(JsonDocuments.write(StandbyDocument.of(new StandbyService.Promotion("standby",
                PointId.of("20261127T100000Z-incr-3fa9"), Instant.parse("2026-11-27T10:00:00Z"), 2, Duration.ofMillis(61_005),
                Duration.ofMillis(1_250), Duration.ofSeconds(30)))));
        assertThat(JsonSchemas.problems("standby", doc)).as(doc.toString()).isEmpty();
        assertThat(doc.get("action").asString()).isEqualTo("promote");
        assertThat(doc.get("rpoSeconds").decimalValue()).isEqualByComparingTo("61.005");
        assertThat(doc.get("promotionSeconds").decimalValue()).isEqualByComparingTo("1.250");
        assertThat(doc.get("appliedPointCount").asInt()).isEqualTo(2);
    }
}

package io.drkit.cli.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.drkit.core.error.ExitCode;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the {@code --json} documents in one vocabulary, so that no document can spell a unit its own way: a
 * {@link Duration} is a number of seconds with millisecond precision (its key ends in {@code Seconds}), an
 * {@link Instant} is ISO-8601 UTC with milliseconds, and every document is an object whose first key is
 * {@code schemaVersion}. The schemas in {@code docs/json} describe the result.
 */
public final class JsonDocuments {

    /**
     * The version of every document's schema: raised (for all documents at once) when a key is renamed or
     * removed, or changes type or meaning; a new key does not raise it.
     */
    public static final int SCHEMA_VERSION = 1;

    /** {@code 2026-11-25T03:15:00.120Z}: always three decimals, so the text sorts as the time does. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Made on first use: loading Jackson is a third of the time {@code --help} would otherwise take. */
    private static final class Mapper {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .addModule(new SimpleModule("drkit-vocabulary")
                        .addSerializer(Duration.class, new SecondsSerializer())
                        .addSerializer(Instant.class, new TimeSerializer()))
                .build();
    }

    private JsonDocuments() {}

    /** The document as printed: {@code schemaVersion} first, then the record's components in their order. */
    public static String write(Object document) {
        return Mapper.MAPPER.writeValueAsString(versioned(document));
    }

    /** The document as a tree, {@code schemaVersion} first; refuses a document that is not an object. */
    public static ObjectNode versioned(Object document) {
        JsonNode tree = Mapper.MAPPER.valueToTree(document);
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a --json document is an object, so that it can carry schemaVersion: "
                    + document.getClass().getName());
        }
        ObjectNode versioned = JsonNodeFactory.instance.objectNode();
        versioned.put("schemaVersion", SCHEMA_VERSION);
        object.properties().forEach(e -> versioned.set(e.getKey(), e.getValue()));
        return versioned;
    }

    /** The error object printed on stdout, with {@code --json}, when a command fails instead of answering. */
    public static String error(ExitCode code, String message) {
        return write(new ErrorDocument(new ErrorDocument.Error(code.code(), ErrorDocument.kind(code), message)));
    }

    /** A time as the documents write it. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** Milliseconds as the documents write a duration; null stays null (not measured). */
    public static Duration millis(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }

    /** A map of milliseconds as the documents write durations, in its order. */
    public static Map<String, Duration> seconds(Map<String, Long> millis) {
        Map<String, Duration> seconds = new LinkedHashMap<>();
        millis.forEach((k, ms) -> seconds.put(k, Duration.ofMillis(ms)));
        return seconds;
    }

    private static final class SecondsSerializer extends ValueSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeNumber(BigDecimal.valueOf(value.toMillis(), 3));
        }
    }

    private static final class TimeSerializer extends ValueSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(TIME.format(value));
        }
    }
}

package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a log collector reads of drkit's stderr: plain lines with their time in front, or, with
 * Spring Boot's structured logging asked for, one JSON document per log event (the connection pool's
 * start-up lines, at INFO, are the events here).
 */
@ExtendWith(RealServices.class)
class LogLinesIT {

    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ";

    @TempDir
    Path dir;

    @Test
    void logEventsArePlainStampedLinesOrOneJsonDocumentEachWhenAsked(TestDatabase catalog) {
        Map<String, String> env = new HashMap<>(Map.of("DRKIT_CATALOG_URL", catalog.url().url(), "DRKIT_REPOSITORY",
                dir.resolve("repo").toUri().toString(), "LOGGING_LEVEL_COM_ZAXXER_HIKARI", "INFO"));
        assertThat(DrkitProcess.run(env, dir, "init").exitCode()).isZero();

        DrkitProcess.Result plain = DrkitProcess.run(env, dir, "status");
        List<String> pool = plain.stderr().lines().filter(l -> l.contains("com.zaxxer.hikari")).toList();
        assertThat(pool).as(plain.stderr()).isNotEmpty().allMatch(l -> l.matches(STAMP + " ?INFO com\\.zaxxer\\.hikari.*"));

        env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        DrkitProcess.Result structured = DrkitProcess.run(env, dir, "status");
        List<String> events = structured.stderr().lines().filter(l -> l.contains("com.zaxxer.hikari")).toList();
        assertThat(events).as(structured.stderr()).isNotEmpty().allSatisfy(line -> {
            JsonNode event = JsonMapper.builder().build().readTree(line);
            assertThat(field(event, "log", "level")).isEqualTo("INFO");
            assertThat(event.get("@timestamp").asString()).isNotBlank();
            assertThat(field(event, "log", "logger")).startsWith("com.zaxxer.hikari");
        });
        assertThat(structured.exitCode()).isEqualTo(plain.exitCode());
    }

    /** ECS names a field {@code log.level} or nests it, {@code log: {level}}, by version. */
    private static String field(JsonNode event, String parent, String name) {
        JsonNode flat = event.get(parent + "." + name);
        return flat != null ? flat.asString() : event.path(parent).path(name).asString();
    }
}

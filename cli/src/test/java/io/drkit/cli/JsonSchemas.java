package io.drkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas users are given in {@code docs/json}, checked by a maintained validator (networknt's) rather
 * than by hand: one schema per document, sharing {@code common.schema.json} by relative {@code $ref}.
 */
public final class JsonSchemas {

    /** The schemas as shipped in the repository, read from their files so that a relative $ref resolves. */
    public static final Path DIRECTORY = Path.of("..", "docs", "json").toAbsolutePath().normalize();

    /** The schemas' own name: no $id, so each is known by where it is, and its relative $ref by this base. */
    private static final String BASE = "https://drkit.invalid/json/";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(JsonSchemas::read));
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private JsonSchemas() {}

    /** The text of a schema named under {@link #BASE}; null for any other name, which nothing fetches. */
    private static String read(String iri) {
        if (!iri.startsWith(BASE)) {
            return null;
        }
        try {
            return Files.readString(DIRECTORY.resolve(iri.substring(BASE.length())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return what in {@code document} disagrees with {@code docs/json/<name>.schema.json}; empty when nothing */
    public static List<String> problems(String name, JsonNode document) {
        Schema schema = LOADED.computeIfAbsent(name, n -> {
            Path file = DIRECTORY.resolve(n + ".schema.json");
            if (!Files.exists(file)) {
                throw new AssertionError("no schema for the document " + n + ": " + file);
            }
            return REGISTRY.getSchema(SchemaLocation.of(BASE + n + ".schema.json"));
        });
        return schema.validate(document).stream().map(e -> name + ": " + e).toList();
    }
}

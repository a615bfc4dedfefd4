package io.drkit.core.repository;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of repository documents: stable, indented, readable by people and `jq`. */
public final class RepositoryJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private RepositoryJson() {}
}

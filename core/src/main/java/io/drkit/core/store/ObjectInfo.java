package io.drkit.core.store;

import java.time.Instant;

public record ObjectInfo(String key, long size, Instant lastModified) {}

package io.drkit.core.store;

/** An object as written: its size and SHA-256, computed from the bytes as they streamed out. */
public record StoredObject(String key, long bytes, String sha256) {}

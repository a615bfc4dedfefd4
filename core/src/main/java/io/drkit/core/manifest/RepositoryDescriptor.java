package io.drkit.core.manifest;

import java.time.Instant;
import java.util.List;

/**
 * {@code <repo>/drkit.json}: marks a repository as drkit's and says how to read it.
 *
 * @param keyIds ids of the keys points in this repository are encrypted with; empty when none is
 */
public record RepositoryDescriptor(int formatVersion, Instant created, String encryption, List<String> keyIds) {

    public static final int FORMAT_VERSION = 1;
}

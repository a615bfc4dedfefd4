package io.drkit.core.digest;

import org.jspecify.annotations.Nullable;

import io.drkit.core.error.DrkitException;

/**
 * The per-row hash behind a {@link ContentDigest}, named in a point's manifest
 * ({@code digestAlgorithm}). The digest only has to tell a restore from its backup, not resist an
 * attacker (each stored object keeps its SHA-256 for integrity), so new points hash rows with
 * XXH3-128, several times faster than SHA-256 per row. Points written before the field existed omit
 * it and keep verifying with the SHA-256 sum.
 */
public enum DigestAlgorithm {

    /** The SHA-256 of every row, added up modulo 2<sup>256</sup>; points written before the field existed. */
    SHA256_SUM("sha256-sum"),

    /** The XXH3-128 of every row (seed 0), added up modulo 2<sup>256</sup>. */
    XXH3_128_SUM("xxh3-128-sum");

    /** What new full points use. */
    public static final DigestAlgorithm CURRENT = XXH3_128_SUM;

    private final String manifestName;

    DigestAlgorithm(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The name written in a manifest. */
    public String manifestName() {
        return manifestName;
    }

    /** The algorithm a manifest names; an absent name is the one used before the field existed. */
    public static DigestAlgorithm of(@Nullable String manifestName) {
        if (manifestName == null) {
            return SHA256_SUM;
        }
        for (DigestAlgorithm a : values()) {
            if (a.manifestName.equals(manifestName)) {
                return a;
            }
        }
        throw DrkitException.usage("the point's content digests use \"" + manifestName
                + "\", which this drkit does not know: upgrade drkit");
    }
}

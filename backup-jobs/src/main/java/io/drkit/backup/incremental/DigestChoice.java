package io.drkit.backup.incremental;

import java.time.Instant;
import java.time.ZoneOffset;

import io.drkit.core.config.DrkitProperties.Incremental.Digests;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;

/**
 * Whether an incremental point records content digests ({@code drkit.incremental.digests}). With
 * {@code daily}, the first point of each UTC day does: the chain's last point with digests is
 * known from the parent alone (itself, or the one its manifest names), so no other manifest is read.
 */
final class DigestChoice {

    private DigestChoice() {}

    static boolean digests(Digests mode, boolean asked, Manifest parent, Instant now) {
        if (asked || mode == Digests.EVERY) {
            return true;
        }
        if (mode == Digests.NONE) {
            return false;
        }
        Instant proven = parent.hasDigests() ? parent.time() : parent.lastProven().time();
        return proven.atZone(ZoneOffset.UTC).toLocalDate().isBefore(now.atZone(ZoneOffset.UTC).toLocalDate());
    }

    /** The newest point at or before the parent that has digests. */
    static PointId lastProven(Manifest parent) {
        return parent.hasDigests() ? parent.pointId() : parent.lastProven();
    }
}

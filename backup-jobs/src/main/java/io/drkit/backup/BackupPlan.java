package io.drkit.backup;

import java.time.Instant;
import java.util.List;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.SourceTable;

/**
 * What the snapshot step decided; kept in the job's execution context so a restart follows it.
 *
 * @param changes the chain this full point starts (its slot and consistent point), or null without incrementals
 */
public record BackupPlan(
        PointId pointId,
        String snapshotId,
        Instant time,
        Manifest.SourceIdentity source,
        Manifest.SnapshotRef snapshot,
        Manifest.Codec codec,
        List<SourceTable> tables,
        List<PlannedPart> parts,
        long snapshotMillis,
        Manifest.Changes changes) {

    public long estimatedBytes() {
        return parts.stream().mapToLong(PlannedPart::estimatedBytes).sum();
    }
}

package io.drkit.cli.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.drkit.backup.BackupResult;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;

/**
 * What scripts read from {@code backup --full --json}: the components in the order of the document.
 *
 * @param tableCount tables in the point
 * @param ratio bytes read over bytes stored, to two decimals
 * @param removedPointIds points of older runs this backup cleared away (a dead run's leftovers)
 * @param warnings what the point could not capture, and role password hashes stored unencrypted
 */
public record BackupDocument(PointId pointId, String kind, Instant time, int tableCount, int parts, long rows,
        long copyBytes, long storedBytes, double ratio, Duration durationSeconds, int attempts, int uploads,
        List<String> removedPointIds, boolean encrypted, List<String> roles, boolean rolePasswords,
        List<String> warnings) {

    public static BackupDocument of(BackupResult r) {
        Manifest m = r.manifest();
        return new BackupDocument(m.pointId(), m.kind(), m.time(), m.tables().size(), r.parts(), m.rows(),
                m.copyBytes(), m.storedBytes(), Math.round(r.ratio() * 100) / 100.0, r.duration(),
                r.attempts(), r.uploads(), r.removedPoints(), m.codec().encryption() != null,
                m.access() == null ? List.of() : m.access().roleNames(), m.access() != null && m.access().rolePasswords(),
                BackupCommand.warnings(m));
    }
}

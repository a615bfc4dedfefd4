package io.drkit.backup;

import java.time.Duration;
import java.util.List;

import io.drkit.core.manifest.Manifest;

/**
 * @param attempts job executions it took (more than one when a failed attempt was restarted)
 * @param uploads parts uploaded; equal to the manifest's part count when a restart re-uploaded none
 * @param removedPoints unfinished points whose leftovers were removed before this one started
 */
public record BackupResult(Manifest manifest, Duration duration, int attempts, int uploads,
        List<String> removedPoints) {

    public int parts() {
        return manifest.tables().stream().mapToInt(t -> t.parts().size()).sum();
    }

    public double ratio() {
        return manifest.storedBytes() == 0 ? 0 : manifest.copyBytes() / (double) manifest.storedBytes();
    }
}

package io.drkit.verify;

import java.time.Duration;
import java.util.List;

/**
 * @param points the points whose manifests were read
 * @param objectsInPoints objects the examined manifests name
 * @param objectsRead objects read in full in this run (all of them, or the sample)
 * @param unfinishedPoints points without a manifest left alone because a backup is running
 * @param warnings what the examined points' backups could not capture, each line naming its point
 */
public record ObjectVerifyResult(String repository, List<String> points, int objectsInPoints, int objectsRead,
        long bytesRead, Double samplePercent, List<ObjectProblem> problems, List<String> unfinishedPoints,
        Duration duration, List<String> warnings) {

    public boolean whole() {
        return problems.isEmpty();
    }
}

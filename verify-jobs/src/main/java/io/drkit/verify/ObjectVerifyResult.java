package io.drkit.verify;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.drkit.core.batch.PartRun;
import io.drkit.core.manifest.PointId;

/**
 * @param points the points whose manifests were read
 * @param objectsInPoints objects the examined manifests name
 * @param objectsRead objects read in full in this run (all of them, or the sample), those that could not be read included
 * @param problems damage found: objects read whole that disagree with their manifest, missing, orphans, manifests
 * @param unreadableNow objects the object store failed to deliver after every retry: nothing is known of
 *     them, so they are not damage; the run fails (exit 1) and should be run again later
 * @param unfinishedPoints points without a manifest left alone because a backup is running
 * @param warnings what the examined points' backups could not capture, each line naming its point
 * @param partRuns each group of objects read: where it ran and for how long
 */
public record ObjectVerifyResult(String repository, List<PointId> points, int objectsInPoints, int objectsRead,
        long bytesRead, Double samplePercent, List<ObjectProblem> problems, List<ObjectProblem> unreadableNow,
        List<String> unfinishedPoints, Duration duration, List<String> warnings, List<PartRun> partRuns) {

    /** Every object examined was read and is as its manifest says. */
    public boolean whole() {
        return problems.isEmpty() && unreadableNow.isEmpty();
    }

    public boolean damaged() {
        return !problems.isEmpty();
    }

    /** What {@code verify --json} says of the repository: damage outranks objects that could not be read now. */
    public enum Verdict {
        WHOLE, DAMAGED, UNREADABLE_NOW;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Verdict verdict() {
        return damaged() ? Verdict.DAMAGED : whole() ? Verdict.WHOLE : Verdict.UNREADABLE_NOW;
    }
}

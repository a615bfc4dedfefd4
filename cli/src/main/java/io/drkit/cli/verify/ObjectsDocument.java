package io.drkit.cli.verify;

import java.time.Duration;
import java.util.List;

import io.drkit.core.manifest.PointId;
import io.drkit.report.Report;
import io.drkit.cli.report.ReportLink;
import io.drkit.verify.ObjectProblem;
import io.drkit.verify.ObjectVerifyResult;

/**
 * What scripts read from {@code verify --json}: the components in the order of the document.
 *
 * @param verdict {@code passed} when every object examined was read and is as its manifest says; {@code failed}
 *     on damage (exit 3) and when objects could not be read now (exit 1; {@code unreadableObjects})
 * @param pointIds the points whose manifests were read
 * @param problems the damage, one line each (empty when none), as in the other documents
 * @param damagedObjects the same damage by object: its key, the kind of damage and what was found
 * @param unreadableObjects objects the object store failed to deliver after every retry: not damage, run again later
 * @param unfinishedPointIds points without a manifest left alone because a backup is running
 */
public record ObjectsDocument(Report.Verdict verdict, String repository, List<PointId> pointIds, int objectsInPoints,
        int objectsRead, long readBytes, Double samplePercent, List<String> problems, List<ObjectProblem> damagedObjects,
        List<ObjectProblem> unreadableObjects, List<String> unfinishedPointIds, List<String> warnings,
        Duration durationSeconds, ReportLink report) {

    static ObjectsDocument of(ObjectVerifyResult r, ReportLink report) {
        return new ObjectsDocument(Report.Verdict.of(r.whole()), r.repository(), r.points(), r.objectsInPoints(),
                r.objectsRead(), r.bytesRead(), r.samplePercent(), r.problems().stream().map(ObjectProblem::toString).toList(),
                r.problems(), r.unreadableNow(), r.unfinishedPoints(), r.warnings(), r.duration(), report);
    }
}

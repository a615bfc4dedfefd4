package io.drkit.cli.verify;

import java.util.List;

import io.drkit.cli.report.ReportLink;
import io.drkit.verify.ObjectProblem;
import io.drkit.verify.ObjectVerifyResult;

/** What scripts read from {@code verify --json}: the components in the order of the document. */
public record ObjectsDocument(ObjectVerifyResult.Verdict verdict, String repository, List<String> points,
        int objectsInPoints, int objectsRead, long bytesRead, Double samplePercent, List<ObjectProblem> problems,
        List<ObjectProblem> unreadableNow, List<String> unfinishedPoints, List<String> warnings, double seconds,
        ReportLink report) {

    static ObjectsDocument of(ObjectVerifyResult r, ReportLink report) {
        return new ObjectsDocument(r.verdict(), r.repository(), r.points(), r.objectsInPoints(), r.objectsRead(),
                r.bytesRead(), r.samplePercent(), r.problems(), r.unreadableNow(), r.unfinishedPoints(), r.warnings(),
                r.duration().toMillis() / 1000.0, report);
    }
}

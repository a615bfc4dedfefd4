package io.drkit.drill;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.objectives.TargetMiss;
import io.drkit.report.Report;
import io.drkit.tracking.SimulationStats;
import io.drkit.verify.restore.RestoreVerification;

/**
 * What a drill found.
 *
 * @param verification null when the restore or its verification could not finish ({@code failure} says why)
 * @param phases wall milliseconds from the declaration on, one after the other: they add up to the RTO
 * @param rtoMillis the declaration to the scratch database restored and verified; null when it never was
 * @param traffic what the simulator did on the source during the drill, or null
 * @param serving the first stage of a staged restore (the RTO to serving, its proof, the traffic on the
 *     restored database during stage 2); null for a point without tiers or a restore that never served
 * @param report the drill's report, before it is stored
 */
public record DrillResult(DrillRequest request, DrillAssessment assessment, Instant finished,
        RestoreVerification verification, DrkitException failure, Map<String, Long> phases, Long rtoMillis,
        List<TargetMiss> misses, SimulationStats traffic, ServingStage serving, Report report) {

    DrillResult withReport(Report r) {
        return new DrillResult(request, assessment, finished, verification, failure, phases, rtoMillis, misses, traffic,
                serving, r);
    }

    public boolean passed() {
        return failure == null && proven() && misses.isEmpty();
    }

    /** The restored database equals the point, and so did its hot tier at the serving moment. */
    private boolean proven() {
        return verification.passed() && (serving == null || serving.proof().passed());
    }

    /** A broken point (3) outranks a missed target (4): data that is not whole is the worse news. */
    public int exitCode() {
        if (failure != null) {
            return failure.exitCode().code();
        }
        if (!proven()) {
            return ExitCode.INTEGRITY.code();
        }
        return misses.isEmpty() ? 0 : ExitCode.TARGET_MISSED.code();
    }
}

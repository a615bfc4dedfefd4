package io.drkit.drill;

import java.time.Instant;

import io.drkit.tracking.ServingFigures;
import io.drkit.verify.restore.ServingProof;

/**
 * A staged restore's first stage as a drill saw it. Absent (null in {@link DrillResult}) for a point
 * without tiers: such a restore serves only when complete, so there is no RTO to serving to give.
 *
 * @param servingAt when the restore said the database was serving
 * @param rtoMillis the RTO to serving: the declaration to the serving moment, proven (the proof's end)
 * @param proof the hot tier against the manifest, and the at-serving business checks
 * @param traffic the lookups and scans on the restored database during stage 2; null without --with-traffic
 */
public record ServingStage(Instant servingAt, long rtoMillis, ServingProof proof, ServingFigures traffic) {

    ServingStage withTraffic(ServingFigures figures) {
        return new ServingStage(servingAt, rtoMillis, proof, figures);
    }
}

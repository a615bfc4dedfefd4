package io.drkit.cli.prune;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.drkit.core.manifest.PointId;
import io.drkit.prune.PruneResult;
import io.drkit.core.retention.RetentionPolicy;

/**
 * What scripts read from {@code prune --json}: the components in the order of the document.
 *
 * @param decisions every complete point, newest first: kept (with the rules that keep it) or removed (with why)
 * @param leftoverPointIds incomplete points (no manifest) removed: what a killed backup or prune left
 * @param dryRun whether nothing was removed, only listed
 */
public record PruneDocument(String repository, List<Decision> decisions, List<String> leftoverPointIds,
        boolean dryRun) {

    /** @param parentPointId the point an incremental point applies to; null for a full point */
    public record Decision(PointId pointId, Instant time, @Nullable PointId parentPointId, boolean keep, List<String> reasons) {

        static Decision of(RetentionPolicy.Decision d) {
            return new Decision(d.point().id(), d.point().time(), d.point().parent(), d.keep(), d.reasons());
        }
    }

    static PruneDocument of(PruneResult r) {
        return new PruneDocument(r.repository(), r.decisions().stream().map(Decision::of).toList(), r.leftovers(),
                r.dryRun());
    }
}

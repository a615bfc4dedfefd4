package io.drkit.restore;

import java.time.Instant;
import java.util.List;

import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.JdbcUrl;

/**
 * @param pointId the point to restore, or null
 * @param time restore the newest point at or before it (when no point id is given), or null for the newest
 * @param target an existing empty database, or null for a new scratch database
 * @param tables {@code schema.table} names (or partitioned tables) whose rows are loaded; empty means all
 * @param keep keep the scratch database when the restore ends
 * @param startOver drop what an unfinished restore left in the scratch database rather than continue it:
 *        a restore that is timed (a drill, a restore verification) must do all the work itself
 * @param access owners, grants, role passwords: what of the point's access record comes back
 * @param allAtOnce restore a point with tiers as one stage, as points without tiers are (the database
 *        serves only when everything is done); a point without tiers is always restored so
 * @param onServing a shell command run at the serving moment of a staged restore, or null
 * @param servingListener told at the serving moment of a staged restore, or null
 */
public record RestoreRequest(PointId pointId, Instant time, JdbcUrl target, List<String> tables, boolean keep,
        boolean startOver, AccessOptions access, boolean allAtOnce, String onServing,
        ServingListener servingListener) {

    public RestoreRequest(PointId pointId, Instant time, JdbcUrl target, List<String> tables, boolean keep,
            boolean startOver, AccessOptions access) {
        this(pointId, time, target, tables, keep, startOver, access, false, null, null);
    }

    /** Owners and grants as the point recorded them, roles created without LOGIN. */
    public RestoreRequest(PointId pointId, Instant time, JdbcUrl target, List<String> tables, boolean keep,
            boolean startOver) {
        this(pointId, time, target, tables, keep, startOver, AccessOptions.ALL);
    }

    /** The same request, restoring a point with tiers in one stage ({@code --all-at-once}) or not. */
    public RestoreRequest allAtOnce(boolean oneStage) {
        return new RestoreRequest(pointId, time, target, tables, keep, startOver, access, oneStage, onServing,
                servingListener);
    }

    /** The same request, running {@code command} (a shell command) at the serving moment. */
    public RestoreRequest onServing(String command) {
        return new RestoreRequest(pointId, time, target, tables, keep, startOver, access, allAtOnce, command,
                servingListener);
    }

    /** The same request, telling {@code listener} at the serving moment. */
    public RestoreRequest servingListener(ServingListener listener) {
        return new RestoreRequest(pointId, time, target, tables, keep, startOver, access, allAtOnce, onServing,
                listener);
    }
}

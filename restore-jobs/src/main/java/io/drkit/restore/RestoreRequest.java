package io.drkit.restore;

import java.time.Instant;
import java.util.List;

import io.drkit.manifest.PointId;
import io.drkit.pg.JdbcUrl;

/**
 * @param pointId the point to restore, or null
 * @param time restore the newest point at or before it (when no point id is given), or null for the newest
 * @param target an existing empty database, or null for a new scratch database
 * @param tables {@code schema.table} names (or partitioned tables) whose rows are loaded; empty means all
 * @param keep keep the scratch database when the restore ends
 * @param startOver drop what an unfinished restore left in the scratch database rather than continue it:
 *        a restore that is timed (a drill, a restore verification) must do all the work itself
 * @param access owners, grants, role passwords: what of the point's access record comes back
 */
public record RestoreRequest(PointId pointId, Instant time, JdbcUrl target, List<String> tables, boolean keep,
        boolean startOver, AccessOptions access) {

    /** Owners and grants as the point recorded them, roles created without LOGIN. */
    public RestoreRequest(PointId pointId, Instant time, JdbcUrl target, List<String> tables, boolean keep,
            boolean startOver) {
        this(pointId, time, target, tables, keep, startOver, AccessOptions.ALL);
    }
}

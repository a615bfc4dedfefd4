package io.drkit.verify.restore;

import io.drkit.restore.ServingListener;

/**
 * What a timed restore verification (a drill) does between the stages of the restore: at the serving
 * moment of a staged restore, and once the restore is done, before the database is checked.
 *
 * @param serving told at the serving moment (runs while stage 2 waits), or null
 * @param restored run when the restore is complete, before the read-back (a drill stops its traffic there)
 */
public record RestoreStages(ServingListener serving, Runnable restored) {

    public static final RestoreStages NONE = new RestoreStages(null, () -> { });
}

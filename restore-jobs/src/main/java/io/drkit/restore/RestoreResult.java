package io.drkit.restore;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.drkit.core.batch.PartRun;
import io.drkit.core.manifest.Manifest;

/**
 * @param database the database restored into (dropped again when {@code kept} is false)
 * @param resumed whether an unfinished restore into it was continued
 * @param phases wall milliseconds of each phase
 * @param dataWork worker milliseconds of the data phase by kind of work, summed over workers
 * @param tablesLeftOut tables of the point whose rows were not loaded ({@code --tables})
 * @param changeRows change rows of the chain's incremental points applied
 * @param until for a restore to a moment ({@code --time}) inside an incremental point's span: the
 *     moment, at or before which every transaction applied committed; null otherwise
 * @param createdRoles roles the point names that were missing on the target and were created
 * @param warnings what the point's backup could not capture, and what the restore could not give
 *     back as the point has it, one line each
 * @param servingAt when a staged restore's database started serving (stage 1 done), or null for a
 *     restore in one stage ({@code --all-at-once}, or a point without tiers)
 * @param onServingFailure why the {@code --on-serving} command failed (it does not fail the restore),
 *     or null when it ran well or there was none
 * @param partRuns each part this run loaded or found loaded: where it ran and for how long
 */
public record RestoreResult(Manifest point, String database, boolean scratch, boolean kept, boolean resumed,
        long rows, long parts, Map<String, Long> phases, Map<String, Long> dataWork, List<String> tablesLeftOut,
        List<String> skippedForeignKeys, Duration duration, long changeRows, java.time.Instant until,
        List<String> createdRoles, List<String> warnings, java.time.Instant servingAt, String onServingFailure,
        List<PartRun> partRuns) {

    /** Whether the restore was staged: the database served before it was complete. */
    public boolean staged() {
        return servingAt != null;
    }
}

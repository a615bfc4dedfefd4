package io.drkit.prune;

import java.util.List;

import io.drkit.core.retention.RetentionPolicy.Decision;

/**
 * @param decisions every complete point, newest first: kept (with the rules that keep it) or removed (with why)
 * @param leftovers incomplete points (no manifest) removed: what a killed backup or prune left
 * @param dryRun whether nothing was removed, only listed
 */
public record PruneResult(String repository, List<Decision> decisions, List<String> leftovers, boolean dryRun) {

    public long removed() {
        return decisions.stream().filter(d -> !d.keep()).count();
    }
}

package io.drkit.verify;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which objects a sampled verify reads: the given share of them, those read longest ago (never
 * read first). With N objects and P percent, each run reads ceil(N·P/100), so every object is read
 * again within ceil(100/P) runs, while a run's cost stays that share of the repository.
 */
final class ObjectSample {

    private ObjectSample() {}

    static List<ObjectCheck> choose(List<ObjectCheck> all, Map<String, Instant> lastReads, double percent) {
        int n = (int) Math.min(all.size(), Math.ceil(all.size() * percent / 100.0));
        return all.stream()
                .sorted(Comparator.comparing((ObjectCheck o) -> lastReads.getOrDefault(o.key(), Instant.EPOCH))
                        .thenComparing(ObjectCheck::key))
                .limit(n).toList();
    }
}

package io.drkit.cli.json;

import java.time.Duration;
import java.util.List;

import io.drkit.core.objectives.TargetMiss;

/**
 * A missed target in the documents' units ({@code drill}, {@code status}).
 *
 * @param measuredSeconds null when nothing could be measured (no recovery point exists)
 * @param overBySeconds null when nothing could be measured
 */
public record TargetMissView(String figure, Duration measuredSeconds, Duration targetSeconds, Duration overBySeconds) {

    public static List<TargetMissView> of(List<TargetMiss> misses) {
        return misses.stream().map(m -> new TargetMissView(m.figure(), JsonDocuments.millis(m.measuredMillis()),
                Duration.ofMillis(m.targetMillis()), JsonDocuments.millis(m.overByMillis()))).toList();
    }
}

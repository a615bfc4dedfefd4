package io.drkit.drill;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time from the declaration cut into phases that follow one another with no gap, so that they
 * add up, to the millisecond, to the RTO they explain.
 */
final class PhaseClock {

    private final long declaredMillis;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long lastMillis;

    PhaseClock(Instant declaredAt) {
        this.declaredMillis = declaredAt.toEpochMilli();
        this.lastMillis = declaredMillis;
    }

    /** Ends the current phase now. */
    void lap(String name) {
        long now = Math.max(lastMillis, System.currentTimeMillis());
        phases.put(name, now - lastMillis);
        lastMillis = now;
    }

    /**
     * Ends the clock at {@code end} with phases measured elsewhere; what they do not account for
     * (time between them) becomes {@code remainder}, so nothing is lost or counted twice.
     *
     * @return milliseconds from the declaration to {@code end}
     */
    long finish(Instant end, Map<String, Long> measured, String remainder) {
        long endMillis = Math.max(lastMillis, end.toEpochMilli());
        long span = endMillis - lastMillis;
        Map<String, Long> inner = new LinkedHashMap<>(measured);
        long rest = span - inner.values().stream().mapToLong(Long::longValue).sum();
        if (rest < 0) {
            // phases measured on their own, rounded each, may overshoot the span by a few milliseconds
            String largest = inner.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            inner.put(largest, Math.max(0, inner.get(largest) + rest));
            rest = span - inner.values().stream().mapToLong(Long::longValue).sum();
        }
        phases.putAll(inner);
        phases.put(remainder, Math.max(0, rest));
        lastMillis = endMillis;
        return endMillis - declaredMillis;
    }

    Map<String, Long> phases() {
        return new LinkedHashMap<>(phases);
    }
}

package io.drkit.tracking;

import java.time.Duration;

/**
 * What the traffic on a serving database saw while it was completed behind it (stage 2 of a staged
 * restore): how many waybill lookups and scans it made, how many failed, and the lookups' latency.
 *
 * @param lookupP50Millis median lookup latency, null when no lookup answered
 * @param lookupP99Millis 99th percentile of the lookup latency, null when no lookup answered
 */
public record ServingFigures(long lookups, long lookupFailures, long scans, long scanFailures,
        Double lookupP50Millis, Double lookupP99Millis, Duration ran) {

    /** Lookups and scans that failed: the goal is none. */
    public long failed() {
        return lookupFailures + scanFailures;
    }
}

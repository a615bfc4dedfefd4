package io.drkit.cli.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.drkit.cli.json.CheckRowView;
import io.drkit.report.Report;

/**
 * A drill's serving moment in the documents' units ({@code drill}); the stored report keeps {@link Report.Serving}.
 *
 * @param rtoSeconds the RTO to serving: the declaration to the serving moment, proven
 * @param hotRows rows of the hot tier read back at the serving moment
 * @param hotTableCount tables with hot rows
 * @param proven the hot tier equals the backup's and the at-serving business checks hold
 * @param traffic the lookups and scans on the restored database during stage 2; null without --with-traffic
 */
public record ServingView(Instant servingAt, Duration rtoSeconds, long hotRows, int hotTableCount, boolean proven,
        List<CheckRowView> checks, TrafficView traffic) {

    /**
     * @param rate operations per second asked for (lookups and scans)
     * @param lookupP50Seconds median latency of the waybill lookups that answered; null when none did
     * @param lookupP99Seconds 99th percentile of it; null when none answered
     */
    public record TrafficView(double rate, long lookupCount, long lookupFailureCount, long scanCount,
            long scanFailureCount, Duration lookupP50Seconds, Duration lookupP99Seconds) {

        static TrafficView of(Report.ServingTraffic t) {
            return t == null ? null : new TrafficView(t.rate(), t.lookups(), t.lookupFailures(), t.scans(),
                    t.scanFailures(), latency(t.lookupP50Millis()), latency(t.lookupP99Millis()));
        }

        private static Duration latency(Double millis) {
            return millis == null ? null : Duration.ofNanos(Math.round(millis * 1_000_000));
        }
    }

    static ServingView of(Report.Serving s) {
        return s == null ? null : new ServingView(s.servingAt(), Duration.ofMillis(s.rtoMillis()), s.hotRows(),
                s.hotTables(), s.proven(), CheckRowView.of(s.checks()), TrafficView.of(s.traffic()));
    }
}

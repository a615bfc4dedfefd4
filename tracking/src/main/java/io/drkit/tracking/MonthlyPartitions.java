package io.drkit.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Gives {@code tracking_events} a monthly partition for every month of a seeded history, as the
 * operator's partition maintenance would have: the schema's partitions cover 2026 to mid-2027 only,
 * and a history ending now that spans years would otherwise pile its older scans into the default
 * partition (which, with tiers, is one cold lump instead of months).
 */
final class MonthlyPartitions {

    private static final String COVER = """
            DO $$
            DECLARE
                month date := date_trunc('month', ?::timestamptz)::date;
                last date := date_trunc('month', ?::timestamptz)::date;
            BEGIN
                WHILE month <= last LOOP
                    IF to_regclass('tracking.tracking_events_' || to_char(month, 'YYYY_MM')) IS NULL THEN
                        EXECUTE format('CREATE TABLE tracking.%I PARTITION OF tracking.tracking_events'
                                || ' FOR VALUES FROM (%L) TO (%L)',
                                'tracking_events_' || to_char(month, 'YYYY_MM'), month, month + interval '1 month');
                    END IF;
                    month := month + interval '1 month';
                END LOOP;
            END $$""";

    private MonthlyPartitions() {}

    static void cover(Connection c, SeedHistory history) throws SQLException {
        // A DO block takes no parameters: the two instants go in as literals of a checked type.
        String sql = COVER.replaceFirst("\\?", literal(history.start())).replaceFirst("\\?", literal(history.end()));
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }

    private static String literal(Instant t) {
        return "'" + t + "'";
    }
}

package io.drkit.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.progress.Progress;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

@ExtendWith(RealServices.class)
class TrackingSeederTest {

    static final List<String> TABLES = List.of(
            "stations ORDER BY code", "couriers ORDER BY id", "shipments ORDER BY waybill",
            "tracking_events ORDER BY id", "delivery_proofs ORDER BY waybill");

    @Test
    void sameSeedGivesIdenticalDataAndAnotherSeedDoesNot(TestDatabase a, TestDatabase b, TestDatabase c)
            throws Exception {
        for (TestDatabase db : List.of(a, b, c)) {
            TrackingSchema.migrate(db.url());
        }
        SeedSummary first = TrackingSeeder.seed(a.url(), 400, 42, Progress.NONE);
        TrackingSeeder.seed(b.url(), 400, 42, Progress.NONE);
        TrackingSeeder.seed(c.url(), 400, 43, Progress.NONE);

        assertThat(first.shipments()).isEqualTo(400);
        assertThat(first.events()).isGreaterThan(400 * 3);
        assertThat(contentHash(a)).isEqualTo(contentHash(b)).isNotEqualTo(contentHash(c));
    }

    @Test
    void aHistoryOfMonthsEndingAtAGivenTimeIsTheSameForTheSameSeedAndEnd(TestDatabase a, TestDatabase b,
            TestDatabase c) throws Exception {
        Instant end = Instant.parse("2026-11-20T08:00:00Z");
        for (TestDatabase db : List.of(a, b, c)) {
            TrackingSchema.migrate(db.url());
        }
        SeedSummary first = TrackingSeeder.seed(a.url(), 300, 5, SeedHistory.months(6, end), Progress.NONE);
        TrackingSeeder.seed(b.url(), 300, 5, SeedHistory.months(6, end), Progress.NONE);
        TrackingSeeder.seed(c.url(), 300, 5, SeedHistory.months(6, end.plusSeconds(86_400)), Progress.NONE);

        assertThat(first.historyTo()).isEqualTo(end);
        assertThat(first.historyFrom()).isEqualTo(Instant.parse("2026-05-20T08:00:00Z"));
        assertThat(contentHash(a)).isEqualTo(contentHash(b)).isNotEqualTo(contentHash(c));
    }

    @Test
    void aYearOfHistoryIsSpreadOverItsMonthsMostlyDeliveredWithOnlyRecentParcelsOpen(TestDatabase db)
            throws Exception {
        Instant end = Instant.parse("2026-11-20T08:00:00Z");
        TrackingSchema.migrate(db.url());
        TrackingSeeder.seed(db.url(), 3000, 9, SeedHistory.months(12, end), Progress.NONE);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            String endSql = "timestamptz '" + end + "'";
            assertThat(LifecycleChecks.violations(s)).isEmpty();
            assertThat(count(s, "tracking.shipments WHERE created_at < " + endSql + " - interval '11 months'"))
                    .isPositive();
            assertThat(count(s, "tracking.tracking_events WHERE event_time > " + endSql)).isZero();
            // every month of the year has its own partition, holding its share of the scans
            assertThat(count(s, "tracking.tracking_events_default")).isZero();
            assertThat(count(s, "tracking.tracking_events_2025_12")).isPositive();
            assertThat(count(s, "tracking.tracking_events_2026_06")).isPositive();
            long recent = count(s, "tracking.shipments WHERE created_at >= " + endSql + " - interval '14 days'");
            assertThat(recent).isBetween(3000L * 14 / 365 / 2, 3000L * 14 / 365 * 2);
            assertThat(count(s, "tracking.shipments WHERE status = 'delivered'")).isGreaterThan(3000 * 8 / 10);
            // parcels still under way are recent ones: the old ones were settled long ago
            assertThat(count(s, "tracking.shipments WHERE status NOT IN ('delivered', 'returned', 'cancelled')"
                    + " AND created_at < " + endSql + " - interval '14 days'")).isZero();
            assertThat(count(s, "tracking.shipments WHERE status NOT IN ('delivered', 'returned', 'cancelled')"
                    + " AND created_at >= " + endSql + " - interval '3 days'")).isPositive();
        }
    }

    @Test
    void seededDataHasEveryTypeAndItsNulls(TestDatabase db) throws Exception {
        TrackingSchema.migrate(db.url());
        TrackingSeeder.seed(db.url(), 1500, 7, Progress.NONE);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(count(s, "tracking.shipments WHERE cash_on_delivery IS NULL")).isPositive();
            assertThat(count(s, "tracking.shipments WHERE cash_on_delivery IS NOT NULL")).isPositive();
            assertThat(count(s, "tracking.shipments WHERE declared_value IS NULL")).isPositive();
            assertThat(count(s, "tracking.shipments WHERE delivered_at IS NULL")).isPositive();
            assertThat(count(s, "tracking.shipments WHERE cardinality(tags) > 0")).isPositive();
            assertThat(count(s, "tracking.shipments WHERE cardinality(tags) = 0")).isPositive();
            assertThat(count(s, "tracking.tracking_events WHERE note IS NULL")).isPositive();
            assertThat(count(s, "tracking.tracking_events WHERE note IS NOT NULL")).isPositive();
            assertThat(count(s, "tracking.tracking_events WHERE courier_id IS NULL")).isPositive();
            assertThat(count(s, "tracking.tracking_events WHERE scan ? 'gps'")).isPositive();
            assertThat(count(s, "tracking.delivery_proofs WHERE length(signature) BETWEEN 200 AND 600")
                    ).isEqualTo(count(s, "tracking.delivery_proofs"));
            assertThat(count(s, "tracking.shipments WHERE receiver_name ~ '^[\\u4e00-\\u9fff]{2,4}$'"))
                    .isEqualTo(1500);
            assertThat(count(s, "tracking.shipments WHERE receiver_phone ~ '^1[3-9][0-9]{9}$'")).isEqualTo(1500);
            // Events land in monthly partitions, not in the catch-all default one.
            assertThat(count(s, "tracking.tracking_events_default")).isZero();
            assertThat(count(s, "tracking.tracking_events_2026_03")).isPositive();
            assertThat(count(s, "tracking.tracking_events_2026_04")).isPositive();
        }
    }

    @Test
    void everyLifecycleIsPlausible(TestDatabase db) throws Exception {
        TrackingSchema.migrate(db.url());
        TrackingSeeder.seed(db.url(), 1500, 11, Progress.NONE);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(LifecycleChecks.violations(s)).isEmpty();
            assertThat(count(s, "tracking.shipments WHERE status = 'delivered'")).isGreaterThan(1000);
            assertThat(count(s, "tracking.shipments WHERE status IN ('in_transit', 'picked_up', 'out_for_delivery')"))
                    .isPositive();
            assertThat(count(s, "tracking.shipments WHERE status = 'exception' OR status = 'returned'")).isPositive();
        }
    }

    @Test
    void refusesBadCountsAndSeededDatabases(TestDatabase db) {
        TrackingSchema.migrate(db.url());
        assertThatThrownBy(() -> TrackingSeeder.seed(db.url(), -5, 1, Progress.NONE))
                .isInstanceOf(DrkitException.class)
                .hasMessageContaining("positive")
                .extracting(e -> ((DrkitException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        TrackingSeeder.seed(db.url(), 10, 1, Progress.NONE);
        assertThatThrownBy(() -> TrackingSeeder.seed(db.url(), 10, 1, Progress.NONE))
                .isInstanceOf(DrkitException.class)
                .hasMessageContaining("already holds data");
    }

    @Test
    void migrationsCreateTheSchemaOnceAndAreIdempotent(TestDatabase db) throws Exception {
        assertThat(TrackingSchema.migrate(db.url())).isPositive();
        assertThat(TrackingSchema.migrate(db.url())).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(count(s, "pg_tables WHERE schemaname = 'tracking' AND tablename IN ('stations', 'couriers',"
                    + " 'shipments', 'delivery_proofs')")).isEqualTo(4);
            assertThat(count(s, "pg_partitioned_table p JOIN pg_class k ON k.oid = p.partrelid"
                    + " WHERE k.relname = 'tracking_events'")).isEqualTo(1);
            assertThat(count(s, "pg_type WHERE typname IN ('shipment_status', 'event_type')")).isEqualTo(2);
        }
    }

    static long count(Statement s, String from) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + from)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String contentHash(TestDatabase db) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection c = db.connect()) {
            for (String table : TABLES) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY (SELECT * FROM tracking." + table + ") TO STDOUT", out);
                sha.update(out.toByteArray());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

package io.drkit.tracking;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.CopyTextWriter;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.progress.Progress;

/**
 * Fills an empty tracking schema with a deterministic history: the same seed and size always give
 * the same rows. Rows stream into COPY as they are planned, in one transaction, so a failed seed
 * leaves nothing behind and memory stays flat at any size.
 */
public final class TrackingSeeder {

    /** Every seeded history starts here, not at "now", so that seeds are reproducible. */
    static final Instant HISTORY_START = Instant.parse("2026-02-28T16:00:00Z");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");
    /** Events per shipment on average, for progress estimates only. */
    static final double EVENTS_PER_SHIPMENT = 8.2;

    private TrackingSeeder() {}

    public static SeedSummary seed(JdbcUrl url, long shipments, long seed, Progress progress) {
        return seed(url, shipments, seed, SeedHistory.standard(shipments), progress);
    }

    /** Seeds a history over the given time: the same seed, size and history always give the same rows. */
    public static SeedSummary seed(JdbcUrl url, long shipments, long seed, SeedHistory history, Progress progress) {
        if (shipments <= 0) {
            throw DrkitException.usage("the number of shipments must be positive, not " + shipments);
        }
        long started = System.nanoTime();
        StationNetwork network = StationNetwork.of(depotsPerCity(shipments));
        int depots = network.depots().size();
        int couriers = (int) Math.max(depots * 2L, Math.min(20_000, shipments / 40));
        ShipmentFactory factory = new ShipmentFactory(network, couriers, history.start(), history.span(), seed);
        try (Connection c = PgConnections.open(url, "tracking")) {
            c.setAutoCommit(false);
            refuseIfSeeded(c, url);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit = off");
            }
            MonthlyPartitions.cover(c, history);
            copy(c, "tracking.stations (code, name, city, province, is_hub, latitude, longitude, opened)", w -> {
                int n = 0;
                for (Station st : network.stations()) {
                    w.text(st.code()).text(st.name()).text(st.city()).text(st.province())
                            .plain(st.hub() ? "t" : "f").plain(st.latitude()).plain(st.longitude())
                            .plain(java.time.LocalDate.of(2010 + n % 12, 1 + n % 12, 1 + n % 28));
                    w.endRow();
                    n++;
                }
            });
            copy(c, "tracking.couriers (name, phone, home_station, hired, active)", w -> {
                java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
                for (long id = 1; id <= couriers; id++) {
                    w.text(PeopleBook.name(r)).text(PeopleBook.mobile(r))
                            .text(network.depots().get(factory.homeDepotIndexOf(id)).code())
                            .plain(java.time.LocalDate.of(2015 + r.nextInt(11), 1 + r.nextInt(12), 1 + r.nextInt(28)))
                            .plain(r.nextInt(20) == 0 ? "f" : "t");
                    w.endRow();
                }
            });
            progress.status("shipments");
            copy(c, "tracking.shipments (waybill, sender_name, sender_phone, sender_address, receiver_name,"
                    + " receiver_phone, receiver_address, origin_station, destination_station, weight_kg,"
                    + " declared_value, cash_on_delivery, status, tags, created_at, promised_by, delivered_at)", w -> {
                for (long i = 0; i < shipments; i++) {
                    PlannedShipment s = factory.shipment(i);
                    w.text(s.waybill()).text(s.senderName()).text(s.senderPhone()).text(s.senderAddress())
                            .text(s.receiverName()).text(s.receiverPhone()).text(s.receiverAddress())
                            .text(s.origin().code()).text(s.destination().code())
                            .plain(s.weightKg()).plain(s.declaredValue()).plain(s.cashOnDelivery())
                            .plain(s.status()).text(textArray(s.tags()))
                            .plain(time(s.createdAt())).plain(s.promisedBy()).plain(time(s.deliveredAt()));
                    w.endRow();
                }
            });
            progress.status("events");
            long[] events = {0};
            copy(c, "tracking.tracking_events (waybill, event_time, event_type, station, courier_id, scan, note)", w -> {
                for (long i = 0; i < shipments; i++) {
                    PlannedShipment s = factory.shipment(i);
                    for (PlannedShipment.Event e : s.events()) {
                        w.text(s.waybill()).plain(time(e.time())).plain(e.type()).text(e.station())
                                .plain(e.courierId()).text(e.scanJson()).text(e.note());
                        w.endRow();
                    }
                    events[0] += s.events().size();
                    progress.advance(s.events().size());
                }
            });
            progress.status("proofs");
            long[] proofs = {0};
            copy(c, "tracking.delivery_proofs (waybill, signed_by, signature, photo_taken, recorded_at)", w -> {
                for (long i = 0; i < shipments; i++) {
                    PlannedShipment s = factory.shipment(i);
                    PlannedShipment.Proof p = s.proof();
                    if (p != null) {
                        w.text(s.waybill()).text(p.signedBy()).bytea(p.signature())
                                .plain(p.photoTaken() ? "t" : "f").plain(time(p.recordedAt()));
                        w.endRow();
                        proofs[0]++;
                    }
                }
            });
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE tracking.stations, tracking.couriers, tracking.shipments,"
                        + " tracking.tracking_events, tracking.delivery_proofs");
            }
            c.commit();
            return new SeedSummary(seed, network.stations().size(), couriers, shipments, events[0], proofs[0],
                    Duration.ofNanos(System.nanoTime() - started), history.start(), history.end());
        } catch (SQLException e) {
            throw DrkitException.failed("seeding the tracking database " + url.redacted() + " failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw DrkitException.failed("seeding the tracking database " + url.redacted() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** For progress displays: about how many scans a seed of this size writes. */
    public static long estimatedEvents(long shipments) {
        return (long) (shipments * EVENTS_PER_SHIPMENT);
    }

    /** Bigger histories get more depots per city and a longer span, as a growing business would. */
    static int depotsPerCity(long shipments) {
        return (int) Math.max(1, Math.min(8, shipments / 20_000 + 1));
    }

    static Duration span(long shipments) {
        return Duration.ofDays(Math.max(45, Math.min(300, shipments / 2_000)));
    }

    private static void refuseIfSeeded(Connection c, JdbcUrl url) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('tracking.shipments') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw DrkitException.usage("the tracking schema is missing in " + url.redacted()
                        + "; run 'drkit tracking init' first");
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM tracking.shipments)"
                        + " OR EXISTS (SELECT 1 FROM tracking.stations)")) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw DrkitException.usage("the tracking schema in " + url.redacted()
                        + " already holds data; seed into a freshly initialised database");
            }
        }
    }

    private interface Rows {
        void write(CopyTextWriter w) throws IOException;
    }

    private static void copy(Connection c, String target, Rows rows) throws SQLException, IOException {
        PGConnection pg = c.unwrap(PGConnection.class);
        try (PGCopyOutputStream copy = new PGCopyOutputStream(pg, "COPY " + target + " FROM STDIN", 1 << 16);
                Writer out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16)) {
            rows.write(new CopyTextWriter(out));
        }
    }

    static String time(Instant t) {
        return t == null ? null : TIMESTAMP.format(OffsetDateTime.ofInstant(t, ShipmentFactory.CHINA));
    }

    /** A text[] literal; tags never hold quotes, commas or braces, but escape them anyway. */
    static String textArray(java.util.List<String> items) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('"').append(items.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }
}

package io.drkit.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.progress.Progress;

/**
 * Live traffic as couriers' handhelds make it: scans inserted, shipment statuses moved on, new
 * orders, parcels delivered with a proof, and now and then a cancelled order removed. Paced to a
 * rate of scans per second in small transactions, for a bounded time, so that drills measure a
 * working day rather than a quiet one.
 */
public final class TrackingSimulator {

    private static final long TICK_NANOS = 50_000_000L;
    private static final int POOL_SIZE = 2_000;
    private static final int MAX_PER_TRANSACTION = 500;

    private final Connection c;
    private final SplittableRandom random = new SplittableRandom();
    private final Map<String, List<Long>> couriersByDepot = new HashMap<>();
    private final Map<String, String> hubOfCity = new HashMap<>();
    private final Map<String, String> cityOf = new HashMap<>();
    private final List<String> depots = new ArrayList<>();
    private final List<ActiveShipment> pool = new ArrayList<>();
    private long events;
    private long statusUpdates;
    private long newShipments;
    private long deletes;
    private long transactions;

    private TrackingSimulator(Connection c) {
        this.c = c;
    }

    public static SimulationStats run(JdbcUrl url, double eventsPerSecond, Duration duration, BooleanSupplier stop,
            Progress progress) {
        if (!(eventsPerSecond > 0)) {
            throw DrkitException.usage("the rate must be a positive number of events per second, not " + eventsPerSecond);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw DrkitException.usage("the duration must be positive, not " + duration);
        }
        try (Connection c = PgConnections.open(url, "tracking")) {
            TrackingSimulator sim = new TrackingSimulator(c);
            sim.loadNetwork();
            return sim.loop(eventsPerSecond, duration, stop, progress);
        } catch (SQLException e) {
            throw DrkitException.failed("the tracking simulator failed on " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    private SimulationStats loop(double rate, Duration duration, BooleanSupplier stop, Progress progress)
            throws SQLException {
        c.setAutoCommit(false);
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        long tick = Math.max(TICK_NANOS, (long) (1e9 / rate));
        long next = started;
        while (!stop.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) ((now - started) / 1e9 * rate) + 1 - events;
            if (due > 0) {
                long before = events;
                transaction((int) Math.min(due, MAX_PER_TRANSACTION));
                progress.advance(events - before);
            }
            next += tick;
            long wait = Math.min(next, end) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return new SimulationStats(events, statusUpdates, newShipments, deletes, transactions,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private void transaction(int scans) throws SQLException {
        if (pool.size() < 50) {
            refillPool();
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement event = c.prepareStatement("INSERT INTO tracking.tracking_events"
                + " (waybill, event_time, event_type, station, courier_id, scan, note)"
                + " VALUES (?, ?, ?::tracking.event_type, ?, ?, ?::jsonb, ?)");
                PreparedStatement status = c.prepareStatement("UPDATE tracking.shipments"
                        + " SET status = ?::tracking.shipment_status,"
                        + " delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END WHERE waybill = ?");
                PreparedStatement proof = c.prepareStatement("INSERT INTO tracking.delivery_proofs"
                        + " (waybill, signed_by, signature, photo_taken, recorded_at) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < scans; i++) {
                int dice = random.nextInt(100);
                if (dice < 8 || pool.isEmpty()) {
                    newShipment(event, now);
                } else if (dice == 8) {
                    // scans of this transaction may name the shipment about to go: they are sent first
                    event.executeBatch();
                    status.executeBatch();
                    proof.executeBatch();
                    cancelAndDelete();
                } else {
                    advance(pool.get(random.nextInt(pool.size())), event, status, proof, now);
                }
            }
            event.executeBatch();
            status.executeBatch();
            proof.executeBatch();
        }
        c.commit();
        transactions++;
    }

    private void advance(ActiveShipment s, PreparedStatement event, PreparedStatement status, PreparedStatement proof,
            Timestamp now) throws SQLException {
        String originHub = hubOfCity.get(cityOf.get(s.origin));
        String destinationHub = hubOfCity.get(cityOf.get(s.destination));
        String type;
        String station;
        switch (s.lastEvent) {
            case "created" -> { type = "picked_up"; station = s.origin; }
            case "picked_up" -> { type = "hub_arrival"; station = originHub; }
            case "hub_arrival" -> { type = "hub_departure"; station = s.lastStation; }
            case "hub_departure" -> {
                boolean atDestination = destinationHub.equals(s.lastStation);
                type = atDestination ? "out_for_delivery" : "hub_arrival";
                station = atDestination ? s.destination : destinationHub;
            }
            default -> { type = random.nextInt(10) == 0 ? "exception" : "delivered"; station = s.destination; }
        }
        Long courier = station.equals(s.origin) || station.equals(s.destination) ? courierAt(station) : null;
        addEvent(event, s.waybill, now, type, station, courier, type.equals("exception") ? "收件人电话无人接听" : null);
        String newStatus = LifecycleRules.statusAfter(type);
        status.setString(1, newStatus);
        status.setString(2, newStatus);
        status.setTimestamp(3, now);
        status.setString(4, s.waybill);
        status.addBatch();
        statusUpdates++;
        if (type.equals("delivered")) {
            byte[] signature = new byte[256];
            random.nextBytes(signature);
            proof.setString(1, s.waybill);
            proof.setString(2, "快递柜");
            proof.setBytes(3, signature);
            proof.setBoolean(4, random.nextBoolean());
            proof.setTimestamp(5, now);
            proof.addBatch();
        }
        s.lastEvent = type;
        s.lastStation = station;
        if (type.equals("delivered") || type.equals("exception")) {
            pool.remove(s);
        }
    }

    private void newShipment(PreparedStatement event, Timestamp now) throws SQLException {
        String waybill = String.format("SF9%09d", random.nextInt(1_000_000_000));
        String origin = depots.get(random.nextInt(depots.size()));
        String destination = depots.get(random.nextInt(depots.size()));
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO tracking.shipments (waybill, sender_name,"
                + " sender_phone, sender_address, receiver_name, receiver_phone, receiver_address, origin_station,"
                + " destination_station, weight_kg, declared_value, cash_on_delivery, status, tags, created_at,"
                + " promised_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'created', '{}', ?, ?::date + 3)"
                + " ON CONFLICT (waybill) DO NOTHING")) {
            insert.setString(1, waybill);
            insert.setString(2, PeopleBook.name(random));
            insert.setString(3, PeopleBook.mobile(random));
            insert.setString(4, "寄件地址" + random.nextInt(1000) + "号");
            insert.setString(5, PeopleBook.name(random));
            insert.setString(6, PeopleBook.mobile(random));
            insert.setString(7, "收件地址" + random.nextInt(1000) + "号");
            insert.setString(8, origin);
            insert.setString(9, destination);
            insert.setBigDecimal(10, java.math.BigDecimal.valueOf(100 + random.nextInt(20_000), 3));
            insert.setBigDecimal(11, random.nextInt(5) == 0 ? java.math.BigDecimal.valueOf(random.nextInt(50_000), 2) : null);
            insert.setTimestamp(12, now);
            insert.setTimestamp(13, now);
            if (insert.executeUpdate() == 0) {
                return;
            }
        }
        addEvent(event, waybill, now, "created", null, null, null);
        // The shipment's row must exist before its scan: send the scan batch now.
        event.executeBatch();
        newShipments++;
        pool.add(new ActiveShipment(waybill, origin, destination, "created", null));
    }

    private void cancelAndDelete() throws SQLException {
        try (PreparedStatement find = c.prepareStatement("SELECT waybill FROM tracking.shipments"
                + " WHERE status = 'created' ORDER BY created_at DESC LIMIT 1 FOR UPDATE SKIP LOCKED");
                ResultSet rs = find.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            String waybill = rs.getString(1);
            for (String sql : List.of("DELETE FROM tracking.tracking_events WHERE waybill = ?",
                    "DELETE FROM tracking.shipments WHERE waybill = ?")) {
                try (PreparedStatement delete = c.prepareStatement(sql)) {
                    delete.setString(1, waybill);
                    delete.executeUpdate();
                }
            }
            pool.removeIf(s -> s.waybill.equals(waybill));
            deletes++;
        }
    }

    private void addEvent(PreparedStatement event, String waybill, Timestamp at, String type, String station,
            Long courier, String note) throws SQLException {
        event.setString(1, waybill);
        event.setTimestamp(2, at);
        event.setString(3, type);
        event.setString(4, station);
        event.setObject(5, courier);
        event.setString(6, "{\"device\": \"PDA-" + (10_000 + random.nextInt(90_000)) + "\", \"signal\": "
                + (-50 - random.nextInt(60)) + "}");
        event.setString(7, note);
        event.addBatch();
        events++;
    }

    private Long courierAt(String depot) {
        List<Long> ids = couriersByDepot.get(depot);
        return ids == null || ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
    }

    private void loadNetwork() throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT code, city, is_hub FROM tracking.stations")) {
                while (rs.next()) {
                    cityOf.put(rs.getString(1), rs.getString(2));
                    if (rs.getBoolean(3)) {
                        hubOfCity.put(rs.getString(2), rs.getString(1));
                    } else {
                        depots.add(rs.getString(1));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT home_station, id FROM tracking.couriers WHERE active")) {
                while (rs.next()) {
                    couriersByDepot.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
        }
        if (depots.isEmpty()) {
            throw DrkitException.usage("the tracking database has no stations; run 'drkit tracking seed' first");
        }
    }

    private void refillPool() throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT s.waybill, s.origin_station, s.destination_station,"
                        + " last.event_type::text, last.station FROM tracking.shipments s"
                        + " JOIN LATERAL (SELECT event_type, station FROM tracking.tracking_events e"
                        + " WHERE e.waybill = s.waybill ORDER BY event_time DESC, id DESC LIMIT 1) last ON true"
                        + " WHERE s.status IN ('created', 'picked_up', 'in_transit', 'out_for_delivery')"
                        + " LIMIT " + POOL_SIZE)) {
            pool.clear();
            while (rs.next()) {
                pool.add(new ActiveShipment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
        c.commit();
    }
}

package io.drkit.tracking;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;

/**
 * The tracking service's work on a database that has just started serving while the rest of it is
 * restored behind it: customers looking up recent waybills (each must be found, with its scans) and
 * couriers' handhelds adding scans to them. Counts what failed and keeps the lookups' latency.
 *
 * <p>It adds scans only, never changes a restored row, and {@link #removeWrites()} deletes the scans it
 * added, so that the drill's final proof still compares the database with the point.
 */
public final class ServingTraffic implements AutoCloseable {

    /** A lookup or scan stuck behind a lock counts as failed rather than holding the drill up. */
    private static final String STATEMENT_TIMEOUT = "30s";
    private static final int RECENT_WAYBILLS = 500;
    private static final int LOOKUPS_IN_TEN = 8;
    private static final long TICK_NANOS = 20_000_000L;
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final JdbcUrl database;
    private final double rate;
    private final SplittableRandom random = new SplittableRandom(1);
    private final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
    private final List<Long> written = new ArrayList<>();
    private final List<String> recent = new ArrayList<>();
    private final Thread worker;
    private volatile boolean stop;
    private Connection c;
    private long lookups;
    private long lookupFailures;
    private long scans;
    private long scanFailures;
    private long ranNanos;

    private ServingTraffic(JdbcUrl database, double rate) {
        this.database = database;
        this.rate = rate;
        this.worker = new Thread(this::loop, "serving-traffic");
        worker.setDaemon(true);
    }

    /** @param rate lookups and scans per second */
    public static ServingTraffic start(JdbcUrl database, double rate) {
        if (!(rate > 0)) {
            throw DrkitException.usage("the traffic takes a positive number of operations per second, not " + rate);
        }
        ServingTraffic t = new ServingTraffic(database, rate);
        t.worker.start();
        return t;
    }

    /** Stops the traffic and gives its figures; waits at most for one statement to time out. */
    public ServingFigures stop() {
        stop = true;
        try {
            worker.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return new ServingFigures(lookups, lookupFailures, scans, scanFailures,
                    latency.getTotalCount() == 0 ? null : latency.getValueAtPercentile(50) / 1000.0,
                    latency.getTotalCount() == 0 ? null : latency.getValueAtPercentile(99) / 1000.0,
                    Duration.ofNanos(ranNanos));
        }
    }

    /** Deletes the scans the traffic added; call after {@link #stop()}. */
    public synchronized void removeWrites() {
        if (written.isEmpty()) {
            return;
        }
        try (Connection d = PgConnections.open(database, "tracking");
                PreparedStatement delete = d.prepareStatement("DELETE FROM tracking.tracking_events WHERE id = ANY (?)")) {
            Array ids = d.createArrayOf("bigint", written.toArray());
            delete.setArray(1, ids);
            delete.executeUpdate();
            written.clear();
        } catch (SQLException e) {
            throw DrkitException.failed("removing the scans the drill's traffic added to " + database.redacted()
                    + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop = true;
    }

    private void loop() {
        long started = System.nanoTime();
        long done = 0;
        try {
            // the first operation is a lookup, made even when the rest of the restore is done at once:
            // a database that serves must answer at least one
            operate(true);
            done++;
            while (!stop) {
                long due = (long) ((System.nanoTime() - started) / 1e9 * rate) + 1 - done;
                for (long i = 0; i < due && !stop; i++) {
                    operate(random.nextInt(10) < LOOKUPS_IN_TEN);
                    done++;
                }
                LockSupport.parkNanos(TICK_NANOS);
            }
        } finally {
            synchronized (this) {
                ranNanos = System.nanoTime() - started;
            }
            closeQuietly();
        }
    }

    private void operate(boolean lookup) {
        long t0 = System.nanoTime();
        boolean ok;
        try {
            connect();
            String waybill = recent.get(random.nextInt(recent.size()));
            ok = lookup ? lookUp(waybill) : scan(waybill);
        } catch (SQLException | RuntimeException e) {
            ok = false;
            closeQuietly();
        }
        synchronized (this) {
            if (lookup) {
                lookups++;
                if (ok) {
                    latency.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - t0) / 1000));
                } else {
                    lookupFailures++;
                }
            } else {
                scans++;
                if (!ok) {
                    scanFailures++;
                }
            }
        }
    }

    /** A waybill lookup as the tracking page makes it: the shipment and its scans, which must be there. */
    private boolean lookUp(String waybill) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT s.status, s.destination_station, e.event_time,"
                + " e.event_type, e.station FROM tracking.shipments s"
                + " JOIN tracking.tracking_events e ON e.waybill = s.waybill"
                + " WHERE s.waybill = ? ORDER BY e.event_time")) {
            s.setString(1, waybill);
            int rows = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows > 0;
        }
    }

    private boolean scan(String waybill) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO tracking.tracking_events"
                + " (waybill, event_time, event_type, station, scan) SELECT waybill, now(), 'hub_arrival',"
                + " destination_station, '{\"device\": \"drill\"}'::jsonb FROM tracking.shipments WHERE waybill = ?"
                + " RETURNING id")) {
            s.setString(1, waybill);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                long id = rs.getLong(1);
                synchronized (this) {
                    written.add(id);
                }
                return true;
            }
        }
    }

    private void connect() throws SQLException {
        if (c != null) {
            return;
        }
        c = PgConnections.open(database, "tracking");
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT + "'");
        }
        if (recent.isEmpty()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT waybill FROM tracking.shipments ORDER BY created_at DESC LIMIT "
                            + RECENT_WAYBILLS)) {
                while (rs.next()) {
                    recent.add(rs.getString(1));
                }
            }
            if (recent.isEmpty()) {
                throw new IllegalStateException("the serving database has no shipments to look up");
            }
        }
    }

    private void closeQuietly() {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // the connection was already gone: that failure has been counted
            }
            c = null;
        }
    }
}

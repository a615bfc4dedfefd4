package io.drkit.tracking;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plans shipment number {@code i} of a seeded history. Each shipment draws from a random source of
 * its own, derived from the seed and its number, so any shipment can be planned again identically
 * without planning the ones before it: the seeder writes shipments, events and proofs in three
 * passes without holding any of them in memory.
 */
final class ShipmentFactory {

    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final String[] TAGS = {"fragile", "express", "cold-chain", "bulky", "documents", "生鲜", "易碎品"};
    private static final String[] EXCEPTIONS = {
        "收件人地址不详", "收件人拒收", "外包装破损", "收件人电话无人接听", "恶劣天气延误", "海关查验"};
    private static final String[] PROXIES = {"前台代收", "快递柜", "门卫代收"};
    private static final String[] CHANNELS = {"app", "web", "mini-program", "counter"};

    private final StationNetwork network;
    private final List<Station> depots;
    private final List<Station> hubs;
    private final int couriers;
    private final Instant start;
    private final Duration span;
    private final long seed;

    ShipmentFactory(StationNetwork network, int couriers, Instant start, Duration span, long seed) {
        this.network = network;
        this.depots = network.depots();
        this.hubs = network.hubs();
        this.couriers = couriers;
        this.start = start;
        this.span = span;
        this.seed = seed;
    }

    /** The end of the seeded history: later events have not happened yet. */
    Instant cutoff() {
        return start.plus(span);
    }

    /** Courier ids run 1..n and courier k is based at depot (k-1) mod depots. */
    int homeDepotIndexOf(long courierId) {
        return (int) ((courierId - 1) % depots.size());
    }

    PlannedShipment shipment(long index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        Station origin = depots.get(r.nextInt(depots.size()));
        Station destination = depots.get(r.nextInt(depots.size()));
        Instant created = start.plusSeconds((long) (r.nextDouble() * span.toSeconds()));
        String senderName = PeopleBook.name(r);
        String receiverName = PeopleBook.name(r);

        List<PlannedShipment.Event> events = new ArrayList<>();
        Instant t = created;
        events.add(new PlannedShipment.Event(t, "created", null, null,
                "{\"channel\": \"" + CHANNELS[r.nextInt(CHANNELS.length)] + "\"}", null));
        boolean cancelled = r.nextInt(100) == 0;
        if (cancelled) {
            t = t.plusSeconds(600 + r.nextInt(7200));
            events.add(new PlannedShipment.Event(t, "cancelled", null, null, "{\"by\": \"sender\"}", "寄件人取消"));
        } else {
            t = t.plusSeconds(1800 + r.nextInt(8 * 3600));
            events.add(scan(r, t, "picked_up", origin, courierAt(r, origin), null));
            for (Station hub : route(r, origin, destination)) {
                t = t.plusSeconds(2 * 3600 + r.nextInt(16 * 3600));
                events.add(scan(r, t, "hub_arrival", hub, null, null));
                t = t.plusSeconds(3600 + r.nextInt(5 * 3600));
                events.add(scan(r, t, "hub_departure", hub, null, null));
            }
            t = t.plusSeconds(2 * 3600 + r.nextInt(8 * 3600));
            long deliverer = courierAt(r, destination);
            events.add(scan(r, t, "out_for_delivery", destination, deliverer, null));
            t = t.plusSeconds(1800 + r.nextInt(5 * 3600));
            if (r.nextInt(100) < 90) {
                events.add(scan(r, t, "delivered", destination, deliverer, null));
            } else {
                events.add(scan(r, t, "exception", destination, deliverer, EXCEPTIONS[r.nextInt(EXCEPTIONS.length)]));
                // An exception is settled within days, by a return or a second attempt: in a long
                // history only recent parcels are still open, as in production.
                t = t.plusSeconds(86_400 + r.nextInt(2 * 86_400));
                if (r.nextBoolean()) {
                    events.add(scan(r, t, "returned", origin, courierAt(r, origin), "退回寄件人"));
                } else {
                    events.add(scan(r, t, "out_for_delivery", destination, deliverer, null));
                    t = t.plusSeconds(1800 + r.nextInt(5 * 3600));
                    events.add(scan(r, t, "delivered", destination, deliverer, null));
                }
            }
        }
        // Shipments whose later scans lie beyond the cutoff are still under way.
        Instant cutoff = cutoff();
        events.removeIf(e -> e.time().isAfter(cutoff));
        PlannedShipment.Event last = events.get(events.size() - 1);
        String status = LifecycleRules.statusAfter(last.type());
        Instant deliveredAt = status.equals("delivered") ? last.time() : null;
        PlannedShipment.Proof proof = deliveredAt == null ? null : proof(r, receiverName, deliveredAt);

        return new PlannedShipment(
                String.format(Locale.ROOT, "SF%010d", 1_000_000_000L + index),
                senderName, PeopleBook.mobile(r), PeopleBook.address(r, origin),
                receiverName, PeopleBook.mobile(r), PeopleBook.address(r, destination),
                origin, destination,
                BigDecimal.valueOf(100 + r.nextInt(29_900), 3),
                r.nextInt(10) < 7 ? BigDecimal.valueOf(500 + r.nextInt(500_000), 2) : null,
                r.nextInt(5) == 0 ? BigDecimal.valueOf(r.nextInt(200_000), 2) : null,
                status, tags(r), created,
                LocalDate.ofInstant(created, CHINA).plusDays(2 + r.nextInt(4)),
                deliveredAt, events, proof);
    }

    private List<Station> route(SplittableRandom r, Station origin, Station destination) {
        Station from = network.hubOf(origin);
        Station to = network.hubOf(destination);
        List<Station> route = new ArrayList<>();
        route.add(from);
        if (!from.equals(to)) {
            if (r.nextInt(10) < 3) {
                Station via = hubs.get(r.nextInt(hubs.size()));
                if (!via.equals(from) && !via.equals(to)) {
                    route.add(via);
                }
            }
            route.add(to);
        }
        return route;
    }

    private long courierAt(SplittableRandom r, Station depot) {
        int depotIndex = depots.indexOf(depot);
        int perDepot = Math.max(1, couriers / depots.size());
        return depotIndex + 1 + (long) r.nextInt(perDepot) * depots.size();
    }

    private static PlannedShipment.Event scan(SplittableRandom r, Instant t, String type, Station at, Long courier,
            String note) {
        String scan = String.format(Locale.ROOT,
                "{\"device\": \"PDA-%05d\", \"gps\": {\"lat\": %.5f, \"lon\": %.5f}, \"signal\": %d, \"battery\": %.2f}",
                r.nextInt(100_000),
                at.latitude().doubleValue() + (r.nextDouble() - 0.5) / 100,
                at.longitude().doubleValue() + (r.nextDouble() - 0.5) / 100,
                -50 - r.nextInt(60), 0.05 + r.nextDouble() * 0.95);
        return new PlannedShipment.Event(t, type, at.code(), courier, scan, note);
    }

    private static List<String> tags(SplittableRandom r) {
        int n = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
        List<String> tags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String tag = TAGS[r.nextInt(TAGS.length)];
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static PlannedShipment.Proof proof(SplittableRandom r, String receiver, Instant at) {
        byte[] signature = new byte[200 + r.nextInt(400)];
        r.nextBytes(signature);
        // A PNG signature, so tools that sniff the bytes see what a handheld would upload.
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(png, 0, signature, 0, png.length);
        String signer = r.nextInt(5) == 0 ? PROXIES[r.nextInt(PROXIES.length)] : receiver;
        return new PlannedShipment.Proof(signer, signature, r.nextBoolean(), at.plusSeconds(r.nextInt(120)));
    }
}

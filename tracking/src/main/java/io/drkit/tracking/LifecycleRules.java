package io.drkit.tracking;

import java.util.Map;

/** How a shipment's status follows from its latest scan: the rule both the seeder and simulator keep. */
final class LifecycleRules {

    private static final Map<String, String> STATUS_AFTER = Map.of(
            "created", "created",
            "picked_up", "picked_up",
            "hub_arrival", "in_transit",
            "hub_departure", "in_transit",
            "out_for_delivery", "out_for_delivery",
            "delivered", "delivered",
            "exception", "exception",
            "returned", "returned",
            "cancelled", "cancelled");

    private LifecycleRules() {}

    static String statusAfter(String eventType) {
        String status = STATUS_AFTER.get(eventType);
        if (status == null) {
            throw new IllegalArgumentException("unknown event type " + eventType);
        }
        return status;
    }
}

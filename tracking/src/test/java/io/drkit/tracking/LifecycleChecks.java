package io.drkit.tracking;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The rules of a plausible tracking history, as SQL that must find no row. */
final class LifecycleChecks {

    private static final List<String> RULES = List.of(
            // no scan before its shipment was created
            "SELECT e.waybill FROM tracking.tracking_events e JOIN tracking.shipments s USING (waybill)"
                    + " WHERE e.event_time < s.created_at",
            // the status follows the latest scan
            "SELECT s.waybill FROM tracking.shipments s JOIN LATERAL (SELECT event_type FROM tracking.tracking_events e"
                    + " WHERE e.waybill = s.waybill ORDER BY event_time DESC, id DESC LIMIT 1) last ON true"
                    + " WHERE s.status::text <> CASE last.event_type::text WHEN 'hub_arrival' THEN 'in_transit'"
                    + " WHEN 'hub_departure' THEN 'in_transit' ELSE last.event_type::text END",
            // every shipment has its creation scan first
            "SELECT s.waybill FROM tracking.shipments s WHERE NOT EXISTS (SELECT 1 FROM tracking.tracking_events e"
                    + " WHERE e.waybill = s.waybill AND e.event_type = 'created' AND e.event_time = s.created_at)",
            // delivered exactly when a proof exists
            "SELECT s.waybill FROM tracking.shipments s LEFT JOIN tracking.delivery_proofs p USING (waybill)"
                    + " WHERE (s.status = 'delivered') <> (p.waybill IS NOT NULL)");

    private LifecycleChecks() {}

    static List<String> violations(Statement s) throws Exception {
        List<String> found = new ArrayList<>();
        for (String rule : RULES) {
            try (ResultSet rs = s.executeQuery(rule + " LIMIT 3")) {
                while (rs.next()) {
                    found.add(rs.getString(1) + " breaks: " + rule);
                }
            }
        }
        return found;
    }
}

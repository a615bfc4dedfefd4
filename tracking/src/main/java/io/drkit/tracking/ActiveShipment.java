package io.drkit.tracking;

/** A shipment still under way, as the simulator tracks it between scans. */
final class ActiveShipment {
    final String waybill;
    final String origin;
    final String destination;
    String lastEvent;
    String lastStation;

    ActiveShipment(String waybill, String origin, String destination, String lastEvent, String lastStation) {
        this.waybill = waybill;
        this.origin = origin;
        this.destination = destination;
        this.lastEvent = lastEvent;
        this.lastStation = lastStation;
    }
}

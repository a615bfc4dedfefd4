package io.drkit.tracking;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One shipment of the seeded history with its whole lifecycle, as it is written to the database. */
record PlannedShipment(
        String waybill,
        String senderName,
        String senderPhone,
        String senderAddress,
        String receiverName,
        String receiverPhone,
        String receiverAddress,
        Station origin,
        Station destination,
        BigDecimal weightKg,
        BigDecimal declaredValue,
        BigDecimal cashOnDelivery,
        String status,
        List<String> tags,
        Instant createdAt,
        LocalDate promisedBy,
        Instant deliveredAt,
        List<Event> events,
        Proof proof) {

    /** A scan; station and courier are null where the scan has none (an online order, say). */
    record Event(Instant time, String type, String station, Long courierId, String scanJson, String note) {}

    record Proof(String signedBy, byte[] signature, boolean photoTaken, Instant recordedAt) {}
}

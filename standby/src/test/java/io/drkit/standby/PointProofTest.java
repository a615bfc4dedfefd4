package io.drkit.standby;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.manifest.PointId;

/** Which tables the standby reads back at a point: content counted at points without digests is proven at the next one with them. */
class PointProofTest {

    private static final String FULL = "20261127T010000Z-full-aaaa";

    private static TableEntry table(String name, String digest) {
        return new TableEntry("tracking", name, null, List.of("id"), 10, digest, List.of());
    }

    private static Manifest point(String id, String lastProven, TableEntry... tables) {
        return new Manifest(lastProven == null ? 2 : 3, PointId.of(id), Manifest.INCREMENTAL, PointId.of(FULL),
                Instant.parse("2026-11-27T09:00:00Z"), null, null, null, null, List.of(tables), null, "test", null, null,
                null, null, lastProven == null ? null : PointId.of(lastProven));
    }

    @Test
    void aPointWithDigestsAlsoReadsTheTablesItsParentOnlyCounted() {
        // stations changed at the parent, which took no digests; shipments changed at the point itself
        Manifest counted = point("20261127T090000Z-incremental-bbbb", FULL, table("stations", null),
                table("shipments", "s1"), table("couriers", "c1"));
        Manifest proving = point("20261127T091500Z-incremental-cccc", null, table("stations", "st2"),
                table("shipments", "s2"), table("couriers", "c1"));
        TableEntry shipments = proving.tables().get(1);

        assertThat(PointProof.tablesToProve(proving, counted, List.of(shipments)))
                .extracting(TableEntry::name).containsExactly("shipments", "stations");
    }

    @Test
    void aPointWithoutDigestsOrAfterAProvenParentReadsOnlyWhatItTouched() {
        Manifest proven = point("20261127T090000Z-incremental-bbbb", null, table("stations", "st1"),
                table("shipments", "s1"));
        Manifest next = point("20261127T091500Z-incremental-cccc", null, table("stations", "st1"), table("shipments", "s2"));
        Manifest counting = point("20261127T093000Z-incremental-dddd", "20261127T091500Z-incremental-cccc",
                table("stations", null), table("shipments", "s2"));
        TableEntry shipments = next.tables().get(1);

        assertThat(PointProof.tablesToProve(next, proven, List.of(shipments))).containsExactly(shipments);
        assertThat(PointProof.tablesToProve(counting, next, List.of(counting.tables().get(0))))
                .containsExactly(counting.tables().get(0));
        assertThat(PointProof.tablesToProve(next, null, List.of(shipments))).containsExactly(shipments);
    }
}

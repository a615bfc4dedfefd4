package io.drkit.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.SourceTable;

class PartPlannerTest {

    private static final PointId POINT = PointId.of("20261125T031500Z-full-3fa9");

    private static SourceTable table(String name, long pages) {
        return new SourceTable("tracking", name, null, List.of("id"), pages, pages * 8192);
    }

    @Test
    void aBigTableIsSplitIntoPageRangesThatCoverItAndEndOpen() {
        List<PlannedPart> parts = PartPlanner.plan(POINT, List.of(table("events", 1000)), 1 << 20, ".zst");

        assertThat(parts).hasSize(8);
        List<PlannedPart> byNumber = parts.stream().sorted((a, b) -> a.number() - b.number()).toList();
        assertThat(byNumber.get(0).firstPage()).isZero();
        for (int i = 1; i < byNumber.size(); i++) {
            assertThat(byNumber.get(i).firstPage()).as("no gap, no overlap").isEqualTo(byNumber.get(i - 1).endPage());
        }
        assertThat(byNumber.get(7).endPage()).as("rows on pages added after planning are read too").isEqualTo(-1);
        assertThat(byNumber.get(3).key()).isEqualTo("points/20261125T031500Z-full-3fa9/data/tracking.events/00003.copy.zst");
    }

    @Test
    void smallAndEmptyTablesAreOnePartAndTheLargestPartsComeFirst() {
        List<PlannedPart> parts = PartPlanner.plan(POINT,
                List.of(table("empty", 0), table("stations", 3), table("events", 300)), 1 << 20, "");

        assertThat(parts).extracting(PlannedPart::name).containsExactly("part-00000", "part-00001", "part-00002",
                "part-00003", "part-00004");
        assertThat(parts).extracting(PlannedPart::table).endsWith("tracking.stations", "tracking.empty");
        assertThat(parts.get(0).estimatedBytes()).isGreaterThanOrEqualTo(parts.get(1).estimatedBytes());
        PlannedPart empty = parts.get(4);
        assertThat(empty.firstPage()).isZero();
        assertThat(empty.endPage()).isEqualTo(-1);
    }

    @Test
    void aBigTableIsSplitIntoEqualPartsThatKeepEveryWorkerBusy() {
        // 1.4 target sizes: once a part of 1.0 and one of 0.4, now two halves
        List<PlannedPart> parts = PartPlanner.plan(POINT, List.of(table("scans", 1400), table("stations", 10)),
                1000 * 8192, 2, "");

        List<PlannedPart> scans = parts.stream().filter(p -> p.table().equals("tracking.scans"))
                .sorted((a, b) -> a.number() - b.number()).toList();
        assertThat(scans).hasSize(2);
        assertThat(scans.get(0).endPage()).isEqualTo(700);
        assertThat(scans.get(1).firstPage()).isEqualTo(700);
        assertThat(scans.get(1).endPage()).isEqualTo(-1);
    }

    @Test
    void oneBigTableSmallerThanAPartIsStillReadByEveryWorker() {
        List<PlannedPart> parts = PartPlanner.plan(POINT, List.of(table("scans", 800), table("stations", 10)),
                1000 * 8192, 2, "");

        assertThat(parts.stream().filter(p -> p.table().equals("tracking.scans"))).hasSize(2);
        assertThat(parts.stream().filter(p -> p.table().equals("tracking.stations"))).hasSize(1);
        assertThat(PartPlanner.plan(POINT, List.of(table("scans", 800)), 1000 * 8192, 1, "")).as("one worker")
                .hasSize(1);
    }
}

package io.drkit.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;

/** The point a drill takes, and the RPO figures at its declaration. */
class DrillAssessmentTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    /** A point a drill names: ids are checked as they enter. */
    private static final String LAST_MONTH = "20261016T120000Z-full-0a0b";
    private static final PointId TODAY = PointId.of("20261125T100000Z-full-0001");
    private static final PointId YESTERDAY = PointId.of("20261124T120000Z-full-0002");
    private static final PointId ABOUT_TO_GO = PointId.of("20260509T120000Z-full-0003");

    private static DrillRequest request(String pointOption) {
        return DrillRequest.of(pointOption, false, null, NOW);
    }

    private static Manifest point(PointId id, Duration age) {
        return new Manifest(1, id, Manifest.FULL, null, NOW.minus(age), null, null, null, null, List.of(), null, "test",
                null, null, null, null);
    }

    private final List<Manifest> points = List.of(point(TODAY, Duration.ofHours(2)),
            point(YESTERDAY, Duration.ofDays(1)), point(PointId.of(LAST_MONTH), Duration.ofDays(40)),
            point(ABOUT_TO_GO, Duration.ofDays(200)));

    @Test
    void aRandomDrillPicksAmongEveryPointRetentionKeepsOldOnesIncluded() {
        Set<PointId> retained = Set.of(TODAY, YESTERDAY, PointId.of(LAST_MONTH));
        Set<PointId> picked = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            DrillAssessment a = DrillAssessment.at(NOW, request(DrillRequest.RANDOM), points, retained, WEEK, Optional.empty(), "repo");
            assertThat(a.choice()).isEqualTo("random");
            picked.add(a.point().pointId());
        }
        assertThat(picked).as("older than the RPO window, still drilled; what the next prune removes, never")
                .containsExactlyInAnyOrder(TODAY, YESTERDAY, PointId.of(LAST_MONTH));
    }

    @Test
    void theRpoFiguresAreTheNewestPointsWhicheverPointIsDrilled() {
        DrillAssessment a = DrillAssessment.at(NOW, request(LAST_MONTH), points, Set.of(), WEEK, Optional.empty(), "repo");

        assertThat(a.choice()).isEqualTo("named");
        assertThat(a.point().pointId()).isEqualTo(PointId.of(LAST_MONTH));
        assertThat(a.newest().pointId()).isEqualTo(TODAY);
        assertThat(a.rpo()).isEqualTo(Duration.ofHours(2));
        // just before yesterday's point, inside the window, the newest point was 39 days old
        assertThat(a.worst().length()).as("the gap from last month to yesterday").isEqualTo(Duration.ofDays(39));
    }

    @Test
    void aRandomDrillWithNothingRetainedIsABadConfiguration() {
        assertThatThrownBy(() -> DrillAssessment.at(NOW, request(DrillRequest.RANDOM), points, Set.of(), WEEK, Optional.empty(),
                "repo")).isInstanceOfSatisfying(DrkitException.class, e -> assertThat(e.exitCode().code()).isEqualTo(2))
                .hasMessageContaining("keeps no point");
    }
}

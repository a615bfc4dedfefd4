package io.drkit.core.objectives;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecoveryObjectivesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static Instant hoursAgo(double h) {
        return NOW.minusSeconds((long) (h * 3600));
    }

    @Test
    void theRpoIsTheTimeSinceTheNewestPointNotLaterThanTheMoment() {
        List<Instant> points = List.of(hoursAgo(30), hoursAgo(6), hoursAgo(0.25));
        assertThat(RecoveryObjectives.rpoAt(NOW, points)).isEqualTo(Duration.ofMinutes(15));
        assertThat(RecoveryObjectives.rpoAt(hoursAgo(1), points)).as("a point taken later does not count")
                .isEqualTo(Duration.ofHours(5));
        assertThat(RecoveryObjectives.rpoAt(NOW, List.of())).isNull();
    }

    @Test
    void theWorstRpoIsTheLargestGapEndingInTheWindowOrTheOpenOne() {
        // nightly points, one night missed: the 48 h gap ends inside a 7-day window
        List<Instant> points = List.of(hoursAgo(24 * 9), hoursAgo(24 * 5), hoursAgo(24 * 4), hoursAgo(24 * 2), hoursAgo(2));
        RecoveryObjectives.Gap worst = RecoveryObjectives.worstRpo(points, NOW, Duration.ofDays(7));
        assertThat(worst.length()).as("9 d to 5 d ago: it ends inside the window").isEqualTo(Duration.ofHours(96));
        assertThat(worst.from()).isEqualTo(hoursAgo(24 * 9));
        assertThat(RecoveryObjectives.worstRpo(points, NOW, Duration.ofDays(3)).length())
                .as("only gaps ending in the last 3 days: the missed night").isEqualTo(Duration.ofHours(48));
        assertThat(RecoveryObjectives.worstRpo(List.of(hoursAgo(50)), NOW, Duration.ofDays(1)).length())
                .as("the open gap to now counts even when its start is before the window").isEqualTo(Duration.ofHours(50));
        assertThat(RecoveryObjectives.worstRpo(List.of(), NOW, Duration.ofDays(1))).isNull();
    }

    @Test
    void aMissSaysTheFigureTheTargetAndByHowMuch() {
        List<TargetMiss> misses = new TargetMiss.Judge()
                .check("RTO", Duration.ofMillis(1500), Duration.ofMillis(1))
                .check("RPO", Duration.ofMinutes(10), Duration.ofMinutes(15))
                .check("worst RPO", null, Duration.ofMinutes(15))
                .misses();
        assertThat(misses).extracting(TargetMiss::figure).containsExactly("RTO", "worst RPO");
        assertThat(misses.get(0).overByMillis()).isEqualTo(1499);
        assertThat(misses.get(0)).hasToString("RTO 1.5 s missed its target of 1 ms by 1.5 s");
        assertThat(misses.get(1).toString()).contains("cannot be measured");
        assertThat(Durations.human(Duration.ofDays(7))).isEqualTo("7 d");
        assertThat(Durations.human(Duration.ofMinutes(30))).isEqualTo("30 min");
        assertThat(Durations.human(Duration.ofSeconds(3725))).isEqualTo("1 h 02 min");
    }
}

package io.drkit.backup.pace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.drkit.backup.pace.PaceRule.Step;

class PaceRuleTest {

    private static final double MIB = 1 << 20;

    @Test
    void aSourceAnsweringLateHalvesWhatTheWorkersReadEvenBeforeAnyPaceWasSet() {
        Step step = PaceRule.next(9.0, 1.5, null, 80 * MIB, 80 * MIB, null, 3);

        assertThat(step.kind()).isEqualTo(Step.Kind.SLOW);
        assertThat(step.bytesPerSecond()).isEqualTo(40 * MIB);
        assertThat(step.healthy()).isZero();
    }

    @Test
    void aLateAnswerDuringAPauseBetweenPartsHalvesFromHalfThePeakNotFromThePause() {
        // the workers read 2 MiB/s in the last quarter second (a part ended), 80 MiB/s at their fastest
        Step unpaced = PaceRule.next(9.0, 1.5, null, 2 * MIB, 80 * MIB, null, 3);
        assertThat(unpaced.bytesPerSecond()).isEqualTo(20 * MIB);
        Step paced = PaceRule.next(9.0, 1.5, 40 * MIB, 2 * MIB, 80 * MIB, null, 0);
        assertThat(paced.bytesPerSecond()).isEqualTo(20 * MIB);
    }

    @Test
    void aLateAnswerBeforeTheWorkersHaveReadAnythingLeavesThemUnpaced() {
        Step step = PaceRule.next(9.0, 1.5, null, 0, 0.5 * MIB, null, 0);
        assertThat(step.kind()).isEqualTo(Step.Kind.KEEP);
        assertThat(PaceRule.next(9.0, 1.5, null, 8 * MIB, 8 * MIB, null, 0).bytesPerSecond()).isEqualTo(4 * MIB);
    }

    @Test
    void aSlowerAnswerWithinFiveMillisecondsOrFourTimesTheSourcesOwnIsNotLate() {
        assertThat(PaceRule.late(5.9, 1.0)).as("under the five-millisecond margin").isFalse();
        assertThat(PaceRule.late(6.1, 1.0)).isTrue();
        assertThat(PaceRule.late(31.0, 8.0)).as("under four times the source's own time").isFalse();
        assertThat(PaceRule.late(33.0, 8.0)).isTrue();
    }

    @Test
    void thePaceIsRaisedAQuarterOnlyAfterARunOfAnswersAsBeforeAndReleasedAtTheCeiling() {
        double rate = 20 * MIB;
        int healthy = 0;
        for (int i = 1; i < PaceRule.HEALTHY_BEFORE_RAISE; i++) {
            Step keep = PaceRule.next(1.6, 1.5, rate, rate, 80 * MIB, 100 * MIB, healthy);
            assertThat(keep.kind()).isEqualTo(Step.Kind.KEEP);
            healthy = keep.healthy();
        }
        Step raise = PaceRule.next(1.6, 1.5, rate, rate, 80 * MIB, 100 * MIB, healthy);
        assertThat(raise.kind()).isEqualTo(Step.Kind.SLOW);
        assertThat(raise.bytesPerSecond()).isEqualTo(25 * MIB);

        Step release = PaceRule.next(1.6, 1.5, 90 * MIB, 90 * MIB, 90 * MIB, 100 * MIB, PaceRule.HEALTHY_BEFORE_RAISE - 1);
        assertThat(release.kind()).isEqualTo(Step.Kind.RELEASE);
        assertThat(release.bytesPerSecond()).isEqualTo(100 * MIB);
    }

    @Test
    void withoutACeilingThePaceIsDroppedOnceItIsWellPastTheFastestReadingSeen() {
        Step step = PaceRule.next(1.6, 1.5, 100 * MIB, 90 * MIB, 80 * MIB, null, PaceRule.HEALTHY_BEFORE_RAISE - 1);

        assertThat(step.kind()).isEqualTo(Step.Kind.RELEASE);
    }

    @Test
    void anUnpacedRunThatAnswersAsBeforeStaysUnpaced() {
        assertThat(PaceRule.next(1.5, 1.5, null, 80 * MIB, 80 * MIB, null, 10).kind()).isEqualTo(Step.Kind.KEEP);
    }
}

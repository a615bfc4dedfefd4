package io.drkit.tracking;

import static io.drkit.tracking.TrackingSeederTest.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.error.DrkitException;
import io.drkit.progress.Progress;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;

@ExtendWith(RealServices.class)
class TrackingSimulatorTest {

    @Test
    void insertsAboutTheRequestedRateAndKeepsTheRules(TestDatabase db) throws Exception {
        TrackingSchema.migrate(db.url());
        TrackingSeeder.seed(db.url(), 3000, 5, Progress.NONE);
        long before;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            before = count(s, "tracking.tracking_events");
        }

        SimulationStats stats = TrackingSimulator.run(db.url(), 100, Duration.ofSeconds(3), () -> false, Progress.NONE);

        // 100/s for 3 s: the pacing must neither race ahead nor fall far behind.
        assertThat(stats.events()).isBetween(240L, 330L);
        assertThat(stats.statusUpdates()).isPositive();
        assertThat(stats.newShipments()).isPositive();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // A cancelled order is deleted with its one creation scan.
            assertThat(count(s, "tracking.tracking_events") - before).isEqualTo(stats.events() - stats.deletes());
            assertThat(LifecycleChecks.violations(s)).isEmpty();
        }
    }

    @Test
    void stopsWhenAsked(TestDatabase db) {
        TrackingSchema.migrate(db.url());
        TrackingSeeder.seed(db.url(), 200, 5, Progress.NONE);
        SimulationStats stats = TrackingSimulator.run(db.url(), 50, Duration.ofHours(1), () -> true, Progress.NONE);
        assertThat(stats.events()).isZero();
    }

    @Test
    void rejectsBadRatesAndDurations(TestDatabase db) {
        assertThatThrownBy(() -> TrackingSimulator.run(db.url(), 0, Duration.ofSeconds(1), () -> false, Progress.NONE))
                .isInstanceOf(DrkitException.class).hasMessageContaining("rate");
        assertThatThrownBy(() -> TrackingSimulator.run(db.url(), 5, Duration.ZERO, () -> false, Progress.NONE))
                .isInstanceOf(DrkitException.class).hasMessageContaining("duration");
    }
}

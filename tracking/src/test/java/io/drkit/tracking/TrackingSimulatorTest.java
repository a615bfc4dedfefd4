package io.drkit.tracking;

import static io.drkit.tracking.TrackingSeederTest.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.core.error.DrkitException;
import io.drkit.core.progress.Progress;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

@ExtendWith(RealServices.class)
class TrackingSimulatorTest {

    /** Far beyond any run here: a bound on a wait, never the thing measured. */
    private static final Duration BOUND = Duration.ofMinutes(2);

    @Test
    void insertsAtMostTheRequestedRateAndKeepsTheRules(TestDatabase db) throws Exception {
        TrackingSchema.migrate(db.url());
        TrackingSeeder.seed(db.url(), 3000, 5, Progress.NONE);
        long before;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            before = count(s, "tracking.tracking_events");
        }

        // Counts, not a rate over a wall-clock window: the run stops after 250 scans, however slow
        // the machine, and the pacing is judged against the time the run itself says it took.
        EventCounter counted = new EventCounter();
        SimulationStats stats = TrackingSimulator.run(db.url(), 100, BOUND, () -> counted.get() >= 250, counted);

        assertThat(stats.events()).as("stopped by the count, not by the time bound").isBetween(250L, 250L + 500);
        assertThat(stats.events()).isEqualTo(counted.get());
        // The pacing never races ahead: at most one scan more than the rate allows for the time taken.
        double allowed = 100 * (stats.elapsed().toNanos() / 1e9) + 1;
        assertThat((double) stats.events()).as("events against %s allowed in %s", allowed, stats.elapsed())
                .isLessThanOrEqualTo(allowed);
        assertThat(stats.statusUpdates()).isPositive();
        assertThat(stats.newShipments()).isPositive();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // A cancelled order is deleted with its one creation scan.
            assertThat(count(s, "tracking.tracking_events") - before).isEqualTo(stats.events() - stats.deletes());
            assertThat(LifecycleChecks.violations(s)).isEmpty();
        }
    }

    @Test
    void stopsWhenAsked(TestDatabase db) throws Exception {
        TrackingSchema.migrate(db.url());
        TrackingSeeder.seed(db.url(), 200, 5, Progress.NONE);
        AtomicBoolean stop = new AtomicBoolean();
        EventCounter counted = new EventCounter();
        CompletableFuture<SimulationStats> running = new CompletableFuture<>();
        Thread simulator = new Thread(() -> {
            try {
                running.complete(TrackingSimulator.run(db.url(), 50, Duration.ofHours(1), stop::get, counted));
            } catch (Throwable e) {
                running.completeExceptionally(e);
            }
        }, "simulator");
        simulator.setDaemon(true);
        simulator.start();

        // Asked only once it is at work: scans inserted and a run an hour long still ahead of it.
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (counted.get() < 20 && !running.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(running).as("the simulator was still running when asked to stop").isNotDone();
        assertThat(counted.get()).isGreaterThanOrEqualTo(20);
        stop.set(true);

        SimulationStats stats = running.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(stats.events()).isGreaterThanOrEqualTo(20);
        assertThat(stats.elapsed()).isLessThan(Duration.ofHours(1));
        simulator.join(BOUND.toMillis());
        assertThat(simulator.isAlive()).isFalse();
    }

    @Test
    void rejectsBadRatesAndDurations(TestDatabase db) {
        assertThatThrownBy(() -> TrackingSimulator.run(db.url(), 0, Duration.ofSeconds(1), () -> false, Progress.NONE))
                .isInstanceOf(DrkitException.class).hasMessageContaining("rate");
        assertThatThrownBy(() -> TrackingSimulator.run(db.url(), 5, Duration.ZERO, () -> false, Progress.NONE))
                .isInstanceOf(DrkitException.class).hasMessageContaining("duration");
    }

    /** The scans the simulator reports as it goes, readable from another thread. */
    private static final class EventCounter implements Progress {
        private final AtomicLong events = new AtomicLong();

        long get() {
            return events.get();
        }

        @Override
        public void advance(long units) {
            events.addAndGet(units);
        }

        @Override
        public void status(String text) {}

        @Override
        public void close() {}
    }
}

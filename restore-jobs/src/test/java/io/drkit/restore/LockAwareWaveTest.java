package io.drkit.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LockAwareWaveTest {

    @Test
    void statementsOnDifferentTablesRunAtOnce() throws Exception {
        // each waits for the other: the wave only ends if both ran at the same time
        CyclicBarrier both = new CyclicBarrier(2);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        LockAwareWave.run(List.of("a", "b"), item -> Set.of(item), 2, () -> worker(item -> {
            both.await(30, TimeUnit.SECONDS);
            ran.add(item);
        }));

        assertThat(ran).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void noTwoStatementsThatLockATableRunAtOnceAndEachRunsOnce() throws Exception {
        Map<String, Set<String>> locks = Map.of("events->shipments", Set.of("events", "shipments"),
                "events->couriers", Set.of("events", "couriers"), "proofs->shipments", Set.of("proofs", "shipments"),
                "couriers->stations", Set.of("couriers", "stations"), "shipments->stations", Set.of("shipments", "stations"));
        Set<String> held = new HashSet<>();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        LockAwareWave.run(List.copyOf(locks.keySet()), locks::get, 3, () -> worker(item -> {
            synchronized (held) {
                assertThat(held).as(item + " started while a table it locks was taken").doesNotContainAnyElementsOf(locks.get(item));
                held.addAll(locks.get(item));
            }
            Thread.sleep(20); // the statement's work, so that others overlap it
            synchronized (held) {
                held.removeAll(locks.get(item));
            }
            ran.add(item);
        }));

        assertThat(ran).containsExactlyInAnyOrderElementsOf(locks.keySet());
    }

    @Test
    void afterAFailureNothingNewStartsAndTheFailureIsThrown() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        assertThatThrownBy(() -> LockAwareWave.run(List.of("a", "b", "c"), item -> Set.of(item), 1, () -> worker(item -> {
            if (item.equals("b")) {
                throw new IllegalStateException("b failed");
            }
            ran.add(item);
        }))).isInstanceOf(IllegalStateException.class).hasMessage("b failed");
        assertThat(ran).containsExactly("a");
    }

    private interface Work {
        void run(String item) throws Exception;
    }

    private static LockAwareWave.Worker<String> worker(Work work) {
        return new LockAwareWave.Worker<>() {
            @Override
            public void run(String item) throws Exception {
                work.run(item);
            }

            @Override
            public void close() {}
        };
    }
}

package io.drkit.restore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs statements on several connections at once, never two that lock a common table, taking them in
 * the given order as far as the locks allow. Foreign keys are validated under a SHARE ROW EXCLUSIVE
 * lock on both their tables, which conflicts with itself: two keys on one table would only queue on
 * the server (or deadlock), while keys on different tables can be checked side by side.
 */
final class LockAwareWave {

    /** One connection's work; opened once per worker thread. */
    interface Worker<T> extends AutoCloseable {
        void run(T item) throws Exception;

        @Override
        void close() throws Exception;
    }

    private LockAwareWave() {}

    static <T> void run(List<T> items, Function<T, Set<String>> locks, int workers, Callable<Worker<T>> open)
            throws Exception {
        if (items.isEmpty()) {
            return;
        }
        Queue<T> queue = new Queue<>(items, locks);
        int threads = Math.max(1, Math.min(workers, items.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    try (Worker<T> worker = open.call()) {
                        for (T item; (item = queue.take()) != null;) {
                            try {
                                worker.run(item);
                            } catch (Exception | Error e) {
                                queue.fail();
                                throw e;
                            } finally {
                                queue.done(item);
                            }
                        }
                    }
                    return null;
                }));
            }
            Exception first = null;
            for (Future<Void> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The items not yet taken and the locks of those running; one monitor guards both. */
    private static final class Queue<T> {

        private final List<T> pending;
        private final Function<T, Set<String>> locks;
        private final Set<String> held = new HashSet<>();
        private boolean failed;

        Queue(List<T> items, Function<T, Set<String>> locks) {
            this.pending = new ArrayList<>(items);
            this.locks = locks;
        }

        /** The first pending item whose tables are free, waiting while every one is blocked; null when done. */
        synchronized T take() throws InterruptedException {
            while (!failed && !pending.isEmpty()) {
                for (T item : pending) {
                    if (Collections.disjoint(held, locks.apply(item))) {
                        pending.remove(item);
                        held.addAll(locks.apply(item));
                        return item;
                    }
                }
                wait();
            }
            return null;
        }

        synchronized void done(T item) {
            held.removeAll(locks.apply(item));
            notifyAll();
        }

        /** After a failure no new item starts; those running finish. */
        synchronized void fail() {
            failed = true;
            notifyAll();
        }
    }
}

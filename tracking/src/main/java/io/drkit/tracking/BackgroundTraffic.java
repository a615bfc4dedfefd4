package io.drkit.tracking;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.progress.Progress;

/**
 * The tracking simulator in the background for as long as a drill (or the demo) runs, so that the
 * figures are those of a working day: the jobs compete with live writes.
 */
public final class BackgroundTraffic implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final CompletableFuture<SimulationStats> running;

    private BackgroundTraffic(JdbcUrl source, double rate) {
        running = CompletableFuture.supplyAsync(() -> TrackingSimulator.run(source, rate, Duration.ofDays(1),
                stop::get, Progress.NONE));
    }

    public static BackgroundTraffic start(JdbcUrl source, double rate) {
        if (!(rate > 0)) {
            throw DrkitException.usage("the traffic takes a positive number of scans per second, not " + rate);
        }
        return new BackgroundTraffic(source, rate);
    }

    /** Stops the traffic; a simulator that failed fails the run, since its figures would not be what was asked for. */
    public SimulationStats stop() {
        stop.set(true);
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DrkitException.failed("interrupted while stopping the background traffic", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DrkitException d ? d
                    : DrkitException.failed("the background traffic failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        stop.set(true);
    }
}

package io.drkit.backup.pace;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;

/**
 * Watches how long the source takes to answer a trivial query while a backup reads it, and paces the
 * backup's reading by {@link PaceRule} from it. The first answers, taken while the backup is still
 * taking its snapshot, are the source's own answer time.
 */
public final class LatencyGuard implements AutoCloseable {

    static final int BASELINE_PROBES = 8;
    static final long PROBE_MILLIS = 250;
    static final long BASELINE_PROBE_MILLIS = 60;
    /** Answers judged together, two seconds of them: one late answer is a scheduler's hiccup, not a source in trouble. */
    static final int WINDOW = 8;

    private final SourcePace pace;
    private final Consumer<String> log;
    private final Connection probe;
    private final ScheduledExecutorService timer;
    private final List<Double> baseline = new ArrayList<>();
    private final List<Double> during = new ArrayList<>();
    private final List<Double> window = new ArrayList<>();
    private long lastBytes;
    private long lastNanos = System.nanoTime();
    private double peakBytesPerSecond;
    private int healthy;
    private int slowdowns;

    private LatencyGuard(SourcePace pace, Connection probe, Consumer<String> log) {
        this.pace = pace;
        this.probe = probe;
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drkit-latency-guard");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts probing {@code source} on a connection of its own; the probes before the data step are its baseline. */
    public static LatencyGuard start(JdbcUrl source, SourcePace pace, Consumer<String> log) {
        // the backup's first connection to the source: when it fails, the operator must read that the source is unreachable
        LatencyGuard guard = new LatencyGuard(pace, PgConnections.open(source, "source"), log);
        guard.timer.execute(guard::tick);
        return guard;
    }

    /** One probe, judged; then the next one scheduled (quickly while the baseline is being taken). */
    private void tick() {
        try {
            double millis = probeMillis();
            synchronized (this) {
                if (baseline.size() < BASELINE_PROBES) {
                    baseline.add(millis);
                } else {
                    during.add(millis);
                    judge(millis);
                }
            }
        } catch (SQLException e) {
            // a probe that fails says nothing of the source's pace; the backup's own connections report real trouble
        }
        if (!timer.isShutdown()) {
            timer.schedule(this::tick, baseline.size() < BASELINE_PROBES ? BASELINE_PROBE_MILLIS : PROBE_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private double probeMillis() throws SQLException {
        long t0 = System.nanoTime();
        try (Statement s = probe.createStatement()) {
            s.execute("SELECT 1");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private void judge(double millis) {
        long now = System.nanoTime();
        long bytes = pace.bytesRead();
        double observed = (bytes - lastBytes) / ((now - lastNanos) / 1e9);
        lastBytes = bytes;
        lastNanos = now;
        peakBytesPerSecond = Math.max(peakBytesPerSecond, observed);
        window.add(millis);
        if (window.size() < WINDOW) {
            return;
        }
        window.subList(0, window.size() - WINDOW).clear();
        double recent = median(window);
        PaceRule.Step step = PaceRule.next(recent, median(baseline), pace.rate(), observed, peakBytesPerSecond,
                pace.ceiling(), healthy);
        healthy = step.healthy();
        switch (step.kind()) {
            case SLOW -> {
                boolean slower = pace.rate() == null || step.bytesPerSecond() < pace.rate();
                pace.slowTo(step.bytesPerSecond());
                if (slower) {
                    if (slowdowns++ == 0) {
                        log.accept(String.format("backup: the source answers its clients late (%.1f ms, %.1f ms before"
                                + " the backup); reading slower, now %.0f MiB/s", recent, median(baseline),
                                pace.rate() / 1048576));
                    }
                    window.clear(); // the new pace is judged on answers given at it
                }
            }
            case RELEASE -> pace.release();
            case KEEP -> { }
        }
    }

    /** The source's probe latency: before the backup, and while it ran (p50, p99), and how often the guard slowed it. */
    public record Summary(double beforeMillis, double p50Millis, double p99Millis, int slowdowns) {}

    public synchronized Summary summary() {
        double[] sorted = during.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Summary(median(baseline), percentile(sorted, 0.50), percentile(sorted, 0.99), slowdowns);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            probe.close();
        } catch (SQLException e) {
            // the probe's connection carried no work
        }
    }

    private static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5);
    }

    /** The nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

}

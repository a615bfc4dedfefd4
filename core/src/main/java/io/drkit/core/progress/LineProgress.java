package io.drkit.core.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Plain lines at most every interval and one at the end, for logs and cron mail. */
final class LineProgress implements Progress {

    private final PrintStream out;
    private final String task;
    private final long total;
    private final String unit;
    private final long unitSize;
    private final long intervalNanos;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastPrinted = new AtomicLong(System.nanoTime());
    private volatile String status = "";
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    LineProgress(PrintStream out, String task, long total, String unit, long unitSize, java.time.Duration interval) {
        this.out = out;
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.unitSize = Math.max(1, unitSize);
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void advance(long units) {
        done.addAndGet(units);
        long now = System.nanoTime();
        long last = lastPrinted.get();
        if (now - last >= intervalNanos && lastPrinted.compareAndSet(last, now)) {
            print(now, false);
        }
    }

    @Override
    public void status(String text) {
        status = text == null ? "" : text;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            print(System.nanoTime(), true);
        }
    }

    private String figure(long units) {
        return unitSize == 1 ? Long.toString(units) : String.format(Locale.ROOT, "%.1f", units / (double) unitSize);
    }

    /** @param finished the work is done: its total was an estimate, what was done is all of it */
    private void print(long now, boolean finished) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double amount = done.get() / (double) unitSize;
        StringBuilder line = new StringBuilder(task).append(": ").append(figure(done.get()));
        if (finished) {
            line.append(' ').append(unit).append(" (100%)");
        } else if (total > 0) {
            line.append(" of ~").append(figure(total)).append(' ').append(unit)
                    .append(String.format(Locale.ROOT, " (%.0f%%)", Math.min(100.0, 100.0 * done.get() / total)));
        } else {
            line.append(' ').append(unit);
        }
        line.append(String.format(Locale.ROOT, ", %.1f %s/s, %.0f s", amount / seconds, unit, seconds));
        if (!status.isEmpty()) {
            line.append(", ").append(status);
        }
        out.println(line);
    }
}

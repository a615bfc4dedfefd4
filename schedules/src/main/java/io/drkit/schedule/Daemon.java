package io.drkit.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.drkit.catalog.Catalog;
import io.drkit.catalog.CatalogLock;
import io.drkit.catalog.LockName;
import io.drkit.error.DrkitException;

/**
 * The schedules, run in-process. At each fire time of a job, the daemon that claims the fire time in
 * the catalog (one row per job and fire time) runs it, holding the job's catalog lock so that no
 * two runs of a job overlap on any host; the others skip it. A run missed while no daemon was up
 * runs once at start-up when {@code catchUp} is on. Stopping ends the running jobs where they can
 * be resumed: every drkit job picks up where it stopped when run again.
 */
public final class Daemon implements AutoCloseable {

    private final List<CronSchedule> schedules;
    private final JobLauncher launcher;
    private final ScheduleRuns runs;
    private final Catalog catalog;
    private final Consumer<String> log;
    private final ExecutorService workers;
    private final Map<ScheduledJob, JobState> states = new ConcurrentHashMap<>();
    private final Thread clock;
    private volatile boolean stopping;

    /** What the health endpoint shows of a job. */
    public record JobState(String job, String expression, Instant nextFire, Instant lastFire, Integer lastExitCode,
            boolean running) {}

    public Daemon(List<CronSchedule> schedules, JobLauncher launcher, ScheduleRuns runs, Catalog catalog,
            boolean catchUp, Consumer<String> log) {
        if (schedules.isEmpty()) {
            throw DrkitException.usage("no job is scheduled: set drkit.schedules.<job> (see drkit schedule print)");
        }
        this.schedules = schedules;
        this.launcher = launcher;
        this.runs = runs;
        this.catalog = catalog;
        this.log = log;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drkit-job");
            t.setDaemon(true);
            return t;
        });
        Instant now = Instant.now();
        for (CronSchedule s : schedules) {
            states.put(s.job(), new JobState(s.job().key(), s.expression(), next(s, now), runs.lastFire(s.job()).orElse(null),
                    null, false));
        }
        if (catchUp) {
            catchUp(now);
        }
        this.clock = new Thread(this::tick, "drkit-scheduler");
        clock.setDaemon(true);
        clock.start();
    }

    public boolean running() {
        return clock.isAlive() && !stopping;
    }

    public List<JobState> jobs() {
        return schedules.stream().map(s -> states.get(s.job())).toList();
    }

    /**
     * A job due again since its newest claimed fire time missed a run: it runs once now (not once per
     * missed time). A job that never ran waits for its first fire time.
     */
    private void catchUp(Instant now) {
        for (CronSchedule s : schedules) {
            Instant last = states.get(s.job()).lastFire();
            Instant due = last == null ? null : latestDue(s, last, now);
            if (due != null) {
                log.accept("daemon: " + s.job().key() + " missed its run of " + due + " while no daemon was up: running it now");
                fire(s, due);
            }
        }
    }

    private void tick() {
        while (!stopping) {
            Instant now = Instant.now();
            for (CronSchedule s : schedules) {
                JobState state = states.get(s.job());
                if (!now.isBefore(state.nextFire())) {
                    fire(s, state.nextFire());
                    states.computeIfPresent(s.job(), (j, x) -> new JobState(x.job(), x.expression(), next(s, now),
                            x.lastFire(), x.lastExitCode(), x.running()));
                }
            }
            // until the next fire time, waking at least every 30 s so that a clock set forward is noticed
            Instant earliest = states.values().stream().map(JobState::nextFire).min(Instant::compareTo).orElseThrow();
            long millis = Math.min(30_000, Duration.between(Instant.now(), earliest).toMillis());
            try {
                Thread.sleep(Math.max(1, millis));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void fire(CronSchedule s, Instant fireTime) {
        if (states.get(s.job()).running()) {
            log.accept("daemon: " + s.job().key() + " of " + fireTime + " skipped: its previous run is still going");
            return;
        }
        if (!runs.claim(s.job(), fireTime)) {
            log.accept("daemon: " + s.job().key() + " of " + fireTime + " is run by another daemon");
            return;
        }
        update(s.job(), fireTime, null, true);
        workers.submit(() -> run(s, fireTime));
    }

    private void run(CronSchedule s, Instant fireTime) {
        int code;
        try (CatalogLock lock = catalog.lock(LockName.schedule(s.job().key()), "drkit daemon: " + s.job().key())) {
            log.accept("daemon: " + s.job().key() + " of " + fireTime + " started: drkit " + String.join(" ", s.job().arguments()));
            code = launcher.run(s.job());
            log.accept("daemon: " + s.job().key() + " of " + fireTime + " ended with exit code " + code);
        } catch (DrkitException e) {
            code = e.exitCode().code();
            log.accept("daemon: " + s.job().key() + " of " + fireTime + " not run: " + e.getMessage());
        } catch (InterruptedException e) {
            code = 143;
            log.accept("daemon: " + s.job().key() + " of " + fireTime + " stopped with the daemon; its next run resumes it");
        } catch (RuntimeException e) {
            code = 1;
            log.accept("daemon: " + s.job().key() + " of " + fireTime + " failed to start: " + e.getMessage());
        }
        try {
            runs.finish(s.job(), fireTime, code);
        } catch (DrkitException e) {
            log.accept("daemon: " + e.getMessage());
        }
        update(s.job(), fireTime, code, false);
    }

    private void update(ScheduledJob job, Instant fireTime, Integer code, boolean running) {
        states.computeIfPresent(job, (j, x) -> new JobState(x.job(), x.expression(), x.nextFire(), fireTime,
                code == null ? x.lastExitCode() : code, running));
    }

    /** Stops scheduling and ends the running jobs, waiting up to {@code grace} for them. */
    public void stop(Duration grace) {
        stopping = true;
        clock.interrupt();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.accept("daemon: jobs still running after " + grace.toSeconds() + " s; leaving them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private static Instant next(CronSchedule s, Instant after) {
        return s.spring().next(ZonedDateTime.ofInstant(after, ZoneOffset.UTC)).toInstant();
    }

    /** The newest fire time after {@code last} and at or before {@code now}, or null when none is. */
    private static Instant latestDue(CronSchedule s, Instant last, Instant now) {
        Instant found = null;
        for (Instant t = next(s, last); !t.isAfter(now); t = next(s, t)) {
            found = t;
        }
        return found;
    }
}

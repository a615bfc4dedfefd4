package io.drkit.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;

import io.drkit.core.catalog.Catalog;
import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.catalog.LockName;
import io.drkit.core.error.DrkitException;

/**
 * The schedules, run in-process on db-scheduler: each job is a recurring task in the catalog's
 * {@code drkit_scheduled_tasks}, so the daemons sharing the catalog run each execution once between
 * them (db-scheduler picks it with an optimistic lock) and a daemon that dies mid-run has its run
 * revived by another. An execution left overdue while no daemon was up runs once at start-up when
 * {@code catchUp} is on, and is skipped otherwise. Each run also holds the job's catalog lock, as a
 * run started by cron does, and is recorded in {@code drkit_schedule_run}. Stopping ends the running
 * jobs where they can be resumed: every drkit job picks up where it stopped when run again.
 */
public final class Daemon implements AutoCloseable {

    private static final String TABLE = "drkit_scheduled_tasks";

    private final List<CronSchedule> schedules;
    private final JobLauncher launcher;
    private final ScheduleRuns runs;
    private final Catalog catalog;
    private final boolean catchUp;
    private final Consumer<String> log;
    private final Map<ScheduledJob, JobState> states = new ConcurrentHashMap<>();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Instant started = Instant.now();
    private final Scheduler scheduler;
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
        this.catchUp = catchUp;
        this.log = log;
        for (CronSchedule s : schedules) {
            states.put(s.job(), new JobState(s.job().key(), s.expression(), null,
                    runs.lastFire(s.job()).orElse(null), null, false));
        }
        List<RecurringTask<Void>> tasks = schedules.stream()
                .map(s -> Tasks.recurring(s.job().key(), new FireTimes(s)).execute((instance, context) ->
                        run(s, context.getExecution().executionTime)))
                .toList();
        this.scheduler = Scheduler.create(catalog.dataSource()).startTasks(tasks).tableName(TABLE)
                .threads(schedules.size()).pollingInterval(Duration.ofSeconds(1)).alwaysPersistTimestampInUTC()
                .build();
        scheduler.start();
    }

    public boolean running() {
        return !stopping && scheduler.getSchedulerState().isStarted() && !scheduler.getSchedulerState().isShuttingDown();
    }

    public List<JobState> jobs() {
        Instant now = Instant.now();
        return schedules.stream().map(s -> {
            JobState x = states.get(s.job());
            return new JobState(x.job(), x.expression(), next(s, now), x.lastFire(), x.lastExitCode(), x.running());
        }).toList();
    }

    /**
     * One execution db-scheduler handed this daemon. An execution time before the daemon started is a run
     * missed while no daemon was up: it runs once, under the newest fire time it stands for.
     */
    private void run(CronSchedule s, Instant executionTime) {
        Instant fireTime = executionTime;
        if (executionTime.isBefore(started.minusSeconds(1))) {
            Instant due = latestDue(s, executionTime.minusSeconds(1), Instant.now());
            fireTime = due == null ? executionTime : due;
            if (!catchUp) {
                log.accept("daemon: " + s.job().key() + " missed its run of " + fireTime
                        + " while no daemon was up; not run (drkit.daemon.catch-up is off)");
                return;
            }
            log.accept("daemon: " + s.job().key() + " missed its run of " + fireTime + " while no daemon was up: running it now");
        }
        if (stopping || !runs.claim(s.job(), fireTime)) {
            log.accept("daemon: " + s.job().key() + " of " + fireTime + " was run already");
            return;
        }
        update(s.job(), fireTime, null, true);
        running.add(Thread.currentThread());
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
        } finally {
            running.remove(Thread.currentThread());
            Thread.interrupted();
        }
        try {
            runs.finish(s.job(), fireTime, code);
        } catch (DrkitException e) {
            log.accept("daemon: " + e.getMessage());
        }
        update(s.job(), fireTime, code, false);
    }

    private void update(ScheduledJob job, Instant fireTime, Integer code, boolean isRunning) {
        states.computeIfPresent(job, (j, x) -> new JobState(x.job(), x.expression(), x.nextFire(), fireTime,
                code == null ? x.lastExitCode() : code, isRunning));
    }

    /** Stops scheduling and ends the running jobs, waiting up to {@code grace} for them. */
    public void stop(Duration grace) {
        stopping = true;
        // a running job's child process is asked to stop (SIGTERM) when its launcher is interrupted
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!running.isEmpty()) {
            log.accept("daemon: jobs still running after " + grace.toSeconds() + " s; leaving them");
        }
        scheduler.stop();
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

    /**
     * A job's fire times for db-scheduler. The first execution of a job new to db-scheduler's table
     * (a catalog that daemons used before it) is its newest fire time missed since the last recorded
     * run, so an upgrade does not lose a catch-up; otherwise its next fire time.
     */
    private final class FireTimes implements Schedule {
        private final CronSchedule schedule;

        FireTimes(CronSchedule schedule) {
            this.schedule = schedule;
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            Instant last = states.get(schedule.job()).lastFire();
            Instant missed = last == null ? null : latestDue(schedule, last, now);
            return missed != null ? missed : next(schedule, now);
        }

        @Override
        public Instant getNextExecutionTime(ExecutionComplete done) {
            return next(schedule, done.getTimeDone());
        }

        @Override
        public boolean isDeterministic() {
            return true;
        }
    }
}

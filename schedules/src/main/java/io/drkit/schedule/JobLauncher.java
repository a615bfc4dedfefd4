package io.drkit.schedule;

/** Runs one job to its end; the scheduler knows jobs by name only. */
public interface JobLauncher {

    /**
     * @return the job's exit code
     * @throws InterruptedException when the daemon stops: the run is to be ended at once, where it can be resumed
     */
    int run(ScheduledJob job) throws InterruptedException;
}

package io.drkit.cli.daemon;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.drkit.cli.DrkitApplication;
import io.drkit.schedule.JobLauncher;
import io.drkit.schedule.ScheduledJob;

/**
 * Runs each scheduled job as its own drkit process, with this JVM's options and settings: a job's
 * memory, metrics, alerts and exit code are its own, as under cron, and a job that dies does not
 * take the daemon with it. Its output goes to the daemon's.
 */
final class ChildProcessLauncher implements JobLauncher {

    private final List<String> configArguments;
    private final Duration grace;

    /** @param configArguments {@code --config FILE} when the daemon was given one, so the jobs read the same file */
    ChildProcessLauncher(List<String> configArguments, Duration grace) {
        this.configArguments = configArguments;
        this.grace = grace;
    }

    @Override
    public int run(ScheduledJob job) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(DrkitApplication.class.getName());
        }
        command.addAll(configArguments);
        command.addAll(job.arguments());
        Process p;
        try {
            p = new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start drkit " + String.join(" ", job.arguments()) + ": " + e.getMessage(), e);
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            // SIGTERM: the job stops where its next run resumes it
            p.destroy();
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
            throw e;
        }
    }
}

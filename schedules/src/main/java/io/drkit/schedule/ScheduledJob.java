package io.drkit.schedule;

import java.util.List;

import io.drkit.core.metrics.JobName;

/**
 * The jobs a schedule can start, by their configuration key ({@code drkit.schedules.<key>}), with the
 * command line each runs. Schedules start jobs by name and know no job module.
 */
public enum ScheduledJob {

    FULL_BACKUP(JobName.FULL_BACKUP, "nightly full backup", List.of("backup", "--full")),
    INCREMENTAL_BACKUP(JobName.INCREMENTAL_BACKUP, "incremental backup", List.of("backup", "--incremental")),
    VERIFY(JobName.VERIFY, "repository verification, a sample of the objects read longest ago",
            List.of("verify", "--all", "--sample", "10")),
    VERIFY_RESTORE(JobName.VERIFY_RESTORE, "restore verification of the newest point", List.of("verify", "--restore")),
    DRILL(JobName.DRILL, "DR drill of a random point that retention keeps", List.of("drill", "--point", "random")),
    PRUNE(JobName.PRUNE, "retention: points the policy no longer keeps removed", List.of("prune"));

    private final String key;
    private final String description;
    private final List<String> arguments;

    ScheduledJob(JobName name, String description, List<String> arguments) {
        this.key = name.key();
        this.description = description;
        this.arguments = arguments;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** drkit's arguments for one run of the job. */
    public List<String> arguments() {
        return arguments;
    }

    public static ScheduledJob byKey(String key) {
        for (ScheduledJob job : values()) {
            if (job.key.equals(key)) {
                return job;
            }
        }
        return null;
    }
}

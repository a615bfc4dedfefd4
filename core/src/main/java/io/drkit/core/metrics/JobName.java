package io.drkit.core.metrics;

/**
 * drkit's jobs by the one name each has everywhere: the schedules' keys ({@code drkit.schedules.<name>}),
 * the metrics' {@code drkit_job} label and file name, the alerts' {@code job}, and {@code status}.
 */
public enum JobName {

    FULL_BACKUP("full-backup"),
    INCREMENTAL_BACKUP("incremental-backup"),
    RESTORE("restore"),
    VERIFY("verify"),
    VERIFY_RESTORE("verify-restore"),
    DRILL("drill"),
    /** {@code drill --failover}: a copy of the standby promoted; its RTO is a promotion's, not a restore's. */
    FAILOVER_DRILL("failover-drill"),
    PRUNE("prune"),
    /** {@code drkit standby}: each point applied and proven, or a promotion. */
    STANDBY("standby"),
    /** Not a job: {@code drkit status} alerts on conditions it finds (a slot holding back WAL). */
    STATUS("status");

    private final String key;

    JobName(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}

package io.drkit.core.error;

/** The exit codes of DESIGN.md; scripts and cron entries depend on these numbers. */
public enum ExitCode {
    OK(0, "success"),
    JOB_FAILED(1, "the job failed"),
    USAGE(2, "bad usage or configuration"),
    INTEGRITY(3, "an integrity check failed"),
    TARGET_MISSED(4, "an RPO or RTO target was missed"),
    LOCKED(5, "another run holds the lock");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}

package io.drkit.restore;

import io.drkit.batch.StepName;

/** The steps of the restore job, in order; {@link #LOAD_PART} is the worker each partition of {@link #DATA} runs. */
public enum RestoreStep implements StepName {
    ROLES("roles"),
    PRE_DATA("preData"),
    DATA("data"),
    LOAD_PART("loadPart"),
    CHANGES("changes"),
    POST_DATA("postData"),
    SEQUENCES("sequences"),
    ANALYZE("analyze"),
    PRIVILEGES("privileges");

    private final String name;

    RestoreStep(String name) {
        this.name = name;
    }

    @Override
    public String stepName() {
        return name;
    }
}

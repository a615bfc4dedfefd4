package io.drkit.verify;

import io.drkit.core.batch.StepName;

/**
 * The steps of the {@code verifyObjects} job: {@link #READ_OBJECTS} splits the objects into groups of
 * about equal bytes, each group a partition that {@link #CHECK_OBJECTS} reads, on this process's
 * threads or on {@code drkit worker} processes.
 */
public enum ObjectsVerifyStep implements StepName {
    READ_OBJECTS("read-objects"),
    CHECK_OBJECTS("checkObjects");

    private final String name;

    ObjectsVerifyStep(String name) {
        this.name = name;
    }

    @Override
    public String stepName() {
        return name;
    }
}

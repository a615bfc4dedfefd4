package io.drkit.verify;

import io.drkit.batch.StepName;

/** The step of the {@code verifyObjects} job (a stage of {@code ObjectVerifyService}). */
public enum ObjectsVerifyStep implements StepName {
    READ_OBJECTS("read-objects");

    private final String name;

    ObjectsVerifyStep(String name) {
        this.name = name;
    }

    @Override
    public String stepName() {
        return name;
    }
}

package io.drkit.verify;

import io.drkit.core.batch.StepName;

/** The steps of the {@code verifyRestore} job, in order (stages of {@code RestoreVerifyService}). */
public enum RestoreVerifyStep implements StepName {
    READ_BACK("read-back"),
    CONSTRAINTS("constraints"),
    INDEXES("indexes"),
    SCHEMA("schema"),
    PRIVILEGES("privileges"),
    BUSINESS("business");

    private final String name;

    RestoreVerifyStep(String name) {
        this.name = name;
    }

    @Override
    public String stepName() {
        return name;
    }
}

package io.drkit.backup;

import io.drkit.core.batch.StepName;

/** The steps of the full backup job, in order; {@link #EXPORT_PART} is the worker each partition of {@link #DATA} runs. */
public enum BackupStep implements StepName {
    SNAPSHOT("snapshot"),
    SCHEMA("schema"),
    DATA("data"),
    EXPORT_PART("exportPart"),
    MANIFEST("manifest");

    private final String name;

    BackupStep(String name) {
        this.name = name;
    }

    @Override
    public String stepName() {
        return name;
    }
}

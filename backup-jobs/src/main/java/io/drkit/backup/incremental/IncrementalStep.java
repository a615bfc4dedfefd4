package io.drkit.backup.incremental;

import io.drkit.core.batch.StepName;

/** The steps of the incremental backup job, in order (stages of {@code IncrementalBackupService}). */
public enum IncrementalStep implements StepName {
    SNAPSHOT("snapshot"),
    CHANGES("changes"),
    STATE("state"),
    MANIFEST("manifest");

    private final String name;

    IncrementalStep(String name) {
        this.name = name;
    }

    @Override
    public String stepName() {
        return name;
    }
}

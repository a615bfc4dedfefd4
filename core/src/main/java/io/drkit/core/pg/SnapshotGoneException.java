package io.drkit.core.pg;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;

/** The exported snapshot can no longer be joined: its coordinator's transaction ended. */
public class SnapshotGoneException extends DrkitException {
    public SnapshotGoneException(String snapshotId) {
        super(ExitCode.JOB_FAILED, "the backup's snapshot " + snapshotId + " can no longer be joined");
    }
}

package io.drkit.restore;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;

/**
 * A restore job that did not finish. Its message is the reason followed by the note on the database
 * it leaves (what it keeps, and whether running the same command continues); the two are kept apart
 * so that a caller that drops the database can say so instead of the note, without reading the text.
 */
public class RestoreFailedException extends DrkitException {

    private final String reason;
    private final String databaseNote;

    /**
     * @param reason why the restore failed, in one line
     * @param databaseNote what becomes of the target database, starting with a space, e.g.
     *     " (database x keeps what is done: run the same command to continue)"
     */
    public RestoreFailedException(ExitCode exitCode, String reason, String databaseNote, Throwable cause) {
        super(exitCode, reason + databaseNote, cause);
        this.reason = reason;
        this.databaseNote = databaseNote;
    }

    /** Why the restore failed, without the note on the database it leaves. */
    public String reason() {
        return reason;
    }

    public String databaseNote() {
        return databaseNote;
    }
}

package io.drkit.cli.json;

import java.util.Locale;

import io.drkit.core.error.ExitCode;

/**
 * What {@code --json} prints on stdout when a command fails rather than answers (a bad option, a setting drkit
 * cannot use, a lock held, a job that broke): the exit code, its kind in words a script can switch on, and the
 * same message the operator reads on stderr.
 */
public record ErrorDocument(Error error) {

    /**
     * @param kind {@code job-failed}, {@code usage}, {@code integrity}, {@code target-missed} or {@code locked}
     */
    public record Error(int exitCode, String kind, String message) {}

    /** {@link ExitCode#JOB_FAILED} as {@code job-failed}. */
    static String kind(ExitCode code) {
        return code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

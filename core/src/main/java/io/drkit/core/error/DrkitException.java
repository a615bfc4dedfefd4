package io.drkit.core.error;

/**
 * A failure a user should read: its message is one clear line, free of secrets and row data, and it
 * carries the exit code the command line ends with.
 */
public class DrkitException extends RuntimeException {
    private final ExitCode exitCode;

    public DrkitException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public DrkitException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static DrkitException usage(String message) {
        return new DrkitException(ExitCode.USAGE, message);
    }

    public static DrkitException usage(String message, Throwable cause) {
        return new DrkitException(ExitCode.USAGE, message, cause);
    }

    public static DrkitException integrity(String message) {
        return new DrkitException(ExitCode.INTEGRITY, message);
    }

    public static DrkitException failed(String message, Throwable cause) {
        return new DrkitException(ExitCode.JOB_FAILED, message, cause);
    }

    public static DrkitException locked(String message) {
        return new DrkitException(ExitCode.LOCKED, message);
    }
}

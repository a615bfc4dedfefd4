package io.drkit.core.store;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;

/** The repository's disk has no room left: a write failed half-way, and what was written is of no use. */
public class StoreFullException extends DrkitException {

    public StoreFullException(String message, Throwable cause) {
        super(ExitCode.JOB_FAILED, message, cause);
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreFullException) {
                return true;
            }
        }
        return false;
    }
}

package io.drkit.store;

import io.drkit.error.DrkitException;
import io.drkit.error.ExitCode;

/** An object the repository should hold is not there: an integrity failure. */
public class ObjectMissingException extends DrkitException {
    public ObjectMissingException(String uri, String key) {
        super(ExitCode.INTEGRITY, "object " + key + " is missing from " + uri);
    }
}

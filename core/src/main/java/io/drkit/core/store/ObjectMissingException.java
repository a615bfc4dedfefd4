package io.drkit.core.store;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;

/** An object the repository should hold is not there: an integrity failure. */
public class ObjectMissingException extends DrkitException {
    public ObjectMissingException(String uri, String key) {
        super(ExitCode.INTEGRITY, "object " + key + " is missing from " + uri);
    }
}

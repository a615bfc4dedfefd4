package io.drkit.core.store;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;

/**
 * The object store did not answer, or answered with errors, for as long as drkit's retries and
 * budget allow: the job fails (exit 1) and can be run again later. It says nothing about the data:
 * an object that could not be read is never reported as damaged.
 */
public class ObjectStoreFailedException extends DrkitException {

    private final String key;

    /**
     * @param what what could not be done, e.g. {@code cannot read s3://bucket/repo/points/p/manifest.json}
     * @param key the object's key, or null when the request was about no one object (a listing)
     */
    public ObjectStoreFailedException(String what, String key, String endpoint, String reason, Throwable cause) {
        super(ExitCode.JOB_FAILED, "the object store failed: " + what + " (endpoint " + endpoint + "): " + reason
                + "; retry later", cause);
        this.key = key;
    }

    /** The object that could not be read or written, or null. */
    public String key() {
        return key;
    }

    /** The store failure among a failure's causes, or null. */
    public static ObjectStoreFailedException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ObjectStoreFailedException f) {
                return f;
            }
        }
        return null;
    }
}

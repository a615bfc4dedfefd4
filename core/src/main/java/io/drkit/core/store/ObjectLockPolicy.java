package io.drkit.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

import io.drkit.core.config.DrkitProperties;
import io.drkit.core.error.DrkitException;

/**
 * The configured S3 Object Lock, applied to what must not be deleted or rewritten: a point's
 * objects once its manifest is written, and reports. Objects of an unfinished point stay unlocked,
 * so that the next backup can clear what a dead one left.
 */
public final class ObjectLockPolicy {

    private final String mode;
    private final java.time.Duration retention;

    public ObjectLockPolicy(DrkitProperties.ObjectLock config) {
        String m = config.mode() == null ? "" : config.mode().trim().toUpperCase(Locale.ROOT);
        if (!m.isEmpty() && !m.equals("GOVERNANCE") && !m.equals("COMPLIANCE")) {
            throw DrkitException.usage("DRKIT_OBJECTLOCK_MODE must be governance or compliance (or empty for none), not "
                    + config.mode());
        }
        if (!m.isEmpty() && (config.retention() == null || config.retention().isNegative()
                || config.retention().isZero())) {
            throw DrkitException.usage("DRKIT_OBJECTLOCK_RETENTION must be a positive duration such as 30d");
        }
        this.mode = m;
        this.retention = config.retention();
    }

    public boolean enabled() {
        return !mode.isEmpty();
    }

    /** Fails with a clear message, before any work, when locking is configured but the bucket cannot lock. */
    public void requireSupport(ObjectStore store) {
        if (enabled() && !store.supportsObjectLock()) {
            throw DrkitException.usage("Object Lock is configured (DRKIT_OBJECTLOCK_MODE=" + mode.toLowerCase(Locale.ROOT)
                    + ") but " + store.uri() + " cannot lock objects: it needs an S3 bucket created with Object Lock "
                    + "enabled (drkit init creates new buckets that way)");
        }
    }

    /** @return the time the objects are locked until, or null when locking is off */
    public Instant apply(ObjectStore store, Collection<String> keys) {
        if (!enabled()) {
            return null;
        }
        Instant until = Instant.now().plus(retention);
        for (String key : keys) {
            store.retain(key, mode, until);
        }
        return until;
    }
}

package io.drkit.cli;

import java.lang.management.ManagementFactory;
import java.time.Instant;

/** When the operator started drkit. */
public final class Launch {

    private Launch() {}

    /** The JVM's start, so that drkit's own start-up counts in the run's duration (and in a drill's RTO). */
    public static Instant time() {
        return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}

package io.drkit.core.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name of the machine drkit runs on, as lock holders, reports, alerts and scheduled runs show it. */
public final class ThisHost {

    private ThisHost() {}

    /** Looked up once: a host name the resolver does not know costs a lookup (and its timeout) each time. */
    private static final class Once {
        static final String NAME = lookUp();
    }

    public static String name() {
        return Once.NAME;
    }

    private static String lookUp() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}

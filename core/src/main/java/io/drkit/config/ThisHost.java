package io.drkit.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name of the machine drkit runs on, as lock holders, reports, alerts and scheduled runs show it. */
public final class ThisHost {

    private ThisHost() {}

    public static String name() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}

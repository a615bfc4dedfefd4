package io.drkit.cli.daemon;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;

/**
 * Leaves out, in every command but {@code drkit daemon}, the auto-configuration that only the
 * daemon's health endpoint needs (web server, Actuator, health, Micrometer's metrics): evaluating it
 * doubled every command's start-up, and start-up counts in a drill's RTO.
 */
public class DaemonOnlyAutoConfigurations implements AutoConfigurationImportFilter {

    /** Set by {@code DrkitApplication} when it starts the daemon. */
    public static final String DAEMON = "drkit.daemon-mode";

    private static final List<String> DAEMON_ONLY = List.of("org.springframework.boot.actuate.",
            "org.springframework.boot.health.", "org.springframework.boot.micrometer.",
            "org.springframework.boot.webmvc.", "org.springframework.boot.tomcat.", "org.springframework.boot.servlet.",
            "org.springframework.boot.http.", "org.springframework.boot.jackson.");

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean daemon = Boolean.getBoolean(DAEMON);
        boolean[] keep = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < keep.length; i++) {
            String name = autoConfigurationClasses[i];
            keep[i] = daemon || name == null || !(DAEMON_ONLY.stream().anyMatch(name::startsWith)
                    || name.contains(".actuate.") || name.contains(".health."));
        }
        return keep;
    }
}

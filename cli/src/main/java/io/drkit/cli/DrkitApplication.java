package io.drkit.cli;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.drkit.cli.daemon.DaemonOnlyAutoConfigurations;
import io.drkit.error.ExitCode;

/** The {@code drkit} executable: Spring Boot for wiring and configuration, picocli for the commands. */
@SpringBootApplication(scanBasePackages = "io.drkit")
@ConfigurationPropertiesScan("io.drkit")
public class DrkitApplication {

    public static void main(String[] args) {
        String missing = missingConfig(args);
        if (missing != null) {
            System.err.println("drkit: --config " + missing + ": no such file");
            System.exit(ExitCode.USAGE.code());
        }
        SpringApplication app = new SpringApplication(DrkitApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.additional-location", configLocation(args)));
        String location = configLocation(args);
        if (location.startsWith("file:")) {
            // for the daemon's jobs, which read the same file
            System.setProperty("drkit.config-file", location.substring("file:".length()));
        }
        String[] rest = withoutConfig(args);
        GracefulStop stop = new GracefulStop();
        if (rest.length > 0 && rest[0].equals("daemon")) {
            // the daemon alone serves HTTP (its health endpoint); a system property, as it must beat application.yml
            System.setProperty("spring.main.web-application-type", "servlet");
            System.setProperty(DaemonOnlyAutoConfigurations.DAEMON, "true");
        } else {
            app.setRegisterShutdownHook(false);
            stop.install();
        }
        try {
            int code;
            try {
                code = SpringApplication.exit(app.run(rest));
            } finally {
                stop.finished();
            }
            System.exit(code);
        } catch (RuntimeException e) {
            if (portInUse(e)) {
                // a setting to change, as DESIGN's exit codes have it, not a job that failed
                System.err.println("drkit: the daemon's health endpoint cannot listen: its port is in use; set "
                        + "DRKIT_DAEMON_PORT (and DRKIT_DAEMON_ADDRESS) to a free one");
                System.exit(ExitCode.USAGE.code());
            }
            // a setting that cannot be used, or any other failure to start: one line, not Spring's report
            StartupFailure failure = StartupFailure.of(e);
            System.err.println("drkit: " + failure.message());
            if (Boolean.getBoolean("drkit.debug")) {
                e.printStackTrace();
            }
            System.exit(failure.exitCode().code());
        }
    }

    /** Spring Boot's PortInUseException, by name: the CLI does not compile against the web server. */
    static boolean portInUse(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getClass().getSimpleName().equals("PortInUseException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code --config FILE} must reach Spring before the context starts, so it is taken out of the
     * arguments here rather than parsed by picocli.
     */
    static String configLocation(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return "file:" + args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return "file:" + args[i].substring("--config=".length());
            }
        }
        // the demo is the reference tracking database's story, so it runs that database's checks
        return args.length > 0 && args[0].equals("demo") ? "optional:classpath:/config/tracking.yml" : "";
    }

    /** A named configuration file that is missing is a mistake to say, not to pass over. */
    static String missingConfig(String[] args) {
        String location = configLocation(args);
        if (location.startsWith("file:") && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(location.substring(5)))) {
            return location.substring(5);
        }
        return null;
    }

    static String[] withoutConfig(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("--config=")) {
                rest.add(args[i]);
            }
        }
        return rest.toArray(String[]::new);
    }
}

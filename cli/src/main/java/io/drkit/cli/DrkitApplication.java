package io.drkit.cli;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.drkit.cli.daemon.DaemonOnlyAutoConfigurations;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.progress.ConsoleLines;

/** The {@code drkit} executable: Spring Boot for wiring and configuration, picocli for the commands. */
@SpringBootApplication(scanBasePackages = "io.drkit")
@ConfigurationPropertiesScan("io.drkit")
public class DrkitApplication {

    public static void main(String[] args) {
        String[] rest = withoutConfig(args);
        // --help and --version need no context: answered before Spring starts, in a fraction of the time
        Integer quick = QuickAnswers.answer(rest);
        if (quick != null) {
            System.exit(quick);
        }
        ConsoleLines.install();
        ConfigFile config;
        try {
            config = ConfigFile.of(args, System.getenv()).orElse(null);
            if (config != null && config.kind() == ConfigFile.Kind.ENV) {
                config.variables(); // a malformed line is said now, before anything runs
            }
        } catch (DrkitException e) {
            System.err.println("drkit: " + e.getMessage());
            failedAsJson(rest, e.exitCode(), e.getMessage());
            System.exit(e.exitCode().code());
            return;
        }
        SpringApplication app = new SpringApplication(DrkitApplication.class);
        String location = config != null ? config.springLocation() : demoChecks(rest);
        app.setDefaultProperties(java.util.Map.of("spring.config.additional-location", location));
        if (config != null) {
            // for the daemon's jobs and the rendered schedules, which pass the same file on
            System.setProperty(ConfigFile.PROPERTY, config.path().toString());
            if (config.kind() == ConfigFile.Kind.ENV) {
                PropertySource<?> variables = config.environmentSource();
                app.addListeners(event -> {
                    if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
                        prepared.getEnvironment().getPropertySources()
                                .addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
                    }
                });
            }
        }
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
                String message = "the daemon's health endpoint cannot listen: its port is in use; set "
                        + "DRKIT_DAEMON_PORT (and DRKIT_DAEMON_ADDRESS) to a free one";
                System.err.println("drkit: " + message);
                failedAsJson(rest, ExitCode.USAGE, message);
                System.exit(ExitCode.USAGE.code());
            }
            // a setting that cannot be used, or any other failure to start: one line, not Spring's report
            StartupFailure failure = StartupFailure.of(e);
            System.err.println("drkit: " + failure.message());
            if (Boolean.getBoolean("drkit.debug")) {
                e.printStackTrace();
            }
            failedAsJson(rest, failure.exitCode(), failure.message());
            System.exit(failure.exitCode().code());
        }
    }

    /** A command line with {@code --json} that could not start gets the error object on stdout too. */
    private static void failedAsJson(String[] args, ExitCode code, String message) {
        if (Output.asked(args)) {
            Output.failure(new java.io.PrintWriter(System.out, true), code, message);
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

    /** The demo is the reference tracking database's story, so without a file of its own it runs that database's checks. */
    static String demoChecks(String[] rest) {
        return rest.length > 0 && rest[0].equals("demo") ? "optional:classpath:/config/tracking.yml" : "";
    }

    /**
     * {@code --config FILE} must reach Spring before the context starts, so it is taken out of the
     * arguments here rather than parsed by picocli.
     */
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

package io.drkit.cli;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

import io.drkit.alert.AlertPublisher;
import io.drkit.batch.StopSignal;
import io.drkit.config.RuntimeSettings;
import io.drkit.error.DrkitException;
import io.drkit.error.ExitCode;
import io.drkit.metrics.MetricsPublisher;
import io.drkit.schedule.CronSchedule;
import picocli.CommandLine;

/** Runs the picocli command line inside the Spring context and hands its exit code to Boot. */
@Component
class CommandRunner implements CommandLineRunner, ExitCodeGenerator {

    /** The jobs whose runs go out as metrics and alerts; the others only read or print. */
    private static final Set<String> JOBS = Set.of("backup", "restore", "verify", "drill", "prune");

    private final SpringCommandFactory factory;
    private final MetricsPublisher metrics;
    private final AlertPublisher alerts;
    private final RuntimeSettings settings;
    private int exitCode;

    CommandRunner(SpringCommandFactory factory, MetricsPublisher metrics, AlertPublisher alerts, RuntimeSettings settings) {
        this.factory = factory;
        this.metrics = metrics;
        this.alerts = alerts;
        this.settings = settings;
    }

    @Override
    public void run(String... args) {
        CommandLine cli = commandLine(factory);
        String badSchedule = scheduleProblem();
        if (badSchedule != null) {
            System.err.println("drkit: " + badSchedule);
            exitCode = ExitCode.USAGE.code();
            return;
        }
        exitCode = cli.execute(args);
        CommandLine.ParseResult parsed = cli.getParseResult();
        if (parsed != null && parsed.hasSubcommand() && JOBS.contains(parsed.subcommand().commandSpec().name())
                && !parsed.subcommand().isUsageHelpRequested() && !parsed.subcommand().hasMatchedOption("--dry-run")) {
            String job = parsed.subcommand().commandSpec().name();
            if (job.equals("backup") && parsed.subcommand().hasMatchedOption("--incremental")) {
                job = "incremental-backup";
            }
            metrics.publish(job, exitCode, Launch.time(), System.err::println);
            if (StopSignal.requested()) {
                System.err.println("drkit: stopped on request, so no alert is sent");
            } else {
                alerts.publish(job, exitCode, System.err::println);
            }
        }
    }

    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(DrkitCommand.class, factory);
        cli.registerConverter(Duration.class, DurationStyle::detectAndParse);
        HelpLayout.install(cli);
        ExitCodes.install(cli);
        return cli;
    }

    /** A schedule that cannot run is refused at start-up, by every command, naming the key. */
    private String scheduleProblem() {
        try {
            CronSchedule.configured(settings.properties().schedules(),
                settings.incremental().enabled());
            return null;
        } catch (DrkitException e) {
            return e.getMessage();
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}

package io.drkit.cli;

import java.time.Duration;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

import io.drkit.core.manifest.PointId;
import io.drkit.core.error.DrkitException;
import io.drkit.core.alert.AlertPublisher;
import io.drkit.core.batch.StopSignal;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.MetricsPublisher;
import picocli.CommandLine;

/** Runs the picocli command line inside the Spring context and hands its exit code to Boot. */
@Component
class CommandRunner implements CommandLineRunner, ExitCodeGenerator {

    private final SpringCommandFactory factory;
    private final MetricsPublisher metrics;
    private final AlertPublisher alerts;
    private int exitCode;

    CommandRunner(SpringCommandFactory factory, MetricsPublisher metrics, AlertPublisher alerts) {
        this.factory = factory;
        this.metrics = metrics;
        this.alerts = alerts;
    }

    @Override
    public void run(String... args) {
        // a bad drkit.schedules.* value is refused by the commands that read the schedules (daemon, schedule
        // print) and by no other: a typo in a cron line must not keep a restore from running during an incident
        CommandLine cli = commandLine(factory);
        exitCode = cli.execute(args);
        CommandLine.ParseResult parsed = cli.getParseResult();
        // a job command hands over its outcome, named as the schedules name the job, once it has run
        JobOutcome outcome = parsed != null && parsed.hasSubcommand()
                && parsed.subcommand().commandSpec().userObject() instanceof JobCommand job ? job.outcome() : null;
        if (outcome != null) {
            metrics.publish(outcome, exitCode, Launch.time(), System.err::println);
            if (StopSignal.requested()) {
                System.err.println("drkit: stopped on request, so no alert is sent");
            } else {
                alerts.publish(outcome, exitCode, System.err::println);
            }
        }
    }

    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(DrkitCommand.class, factory);
        cli.registerConverter(Duration.class, DurationStyle::detectAndParse);
        // a point id is checked as it enters, so that no service is handed one that is not
        cli.registerConverter(PointId.class, text -> {
            try {
                return PointId.of(text);
            } catch (DrkitException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        });
        HelpLayout.install(cli);
        ExitCodes.install(cli);
        return cli;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}

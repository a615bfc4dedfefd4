package io.drkit.cli;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

import io.drkit.alert.AlertPublisher;
import io.drkit.batch.StopSignal;
import io.drkit.metrics.MetricsPublisher;
import picocli.CommandLine;

/** Runs the picocli command line inside the Spring context and hands its exit code to Boot. */
@Component
class CommandRunner implements CommandLineRunner, ExitCodeGenerator {

    /** The jobs whose runs go out as metrics and alerts; the others only read or print. */
    private static final Set<String> JOBS = Set.of("backup", "restore", "verify", "drill", "prune");

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
        if (parsed != null && parsed.hasSubcommand() && JOBS.contains(parsed.subcommand().commandSpec().name())
                && !parsed.subcommand().isUsageHelpRequested() && !parsed.subcommand().hasMatchedOption("--dry-run")) {
            String job = jobName(parsed.subcommand());
            metrics.publish(job, exitCode, Launch.time(), System.err::println);
            if (StopSignal.requested()) {
                System.err.println("drkit: stopped on request, so no alert is sent");
            } else {
                alerts.publish(job, exitCode, System.err::println);
            }
        }
    }

    /**
     * The job's name as the schedules name it: an incremental backup and a restore verification are
     * jobs of their own, so their metrics file, Pushgateway group and alerts do not overwrite (or stand
     * for) those of the nightly full backup and object verification.
     */
    private static String jobName(CommandLine.ParseResult command) {
        String name = command.commandSpec().name();
        if (name.equals("backup") && command.hasMatchedOption("--incremental")) {
            return "incremental-backup";
        }
        if (name.equals("verify") && command.hasMatchedOption("--restore")) {
            return "verify-restore";
        }
        return name;
    }

    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(DrkitCommand.class, factory);
        cli.registerConverter(Duration.class, DurationStyle::detectAndParse);
        HelpLayout.install(cli);
        ExitCodes.install(cli);
        return cli;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}

package io.drkit.cli;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

import io.drkit.metrics.MetricsPublisher;
import picocli.CommandLine;

/** Runs the picocli command line inside the Spring context and hands its exit code to Boot. */
@Component
class CommandRunner implements CommandLineRunner, ExitCodeGenerator {

    /** The jobs whose runs go out as metrics; the others only read or print. */
    private static final Set<String> JOBS = Set.of("backup", "restore", "verify", "drill");

    private final SpringCommandFactory factory;
    private final MetricsPublisher metrics;
    private int exitCode;

    CommandRunner(SpringCommandFactory factory, MetricsPublisher metrics) {
        this.factory = factory;
        this.metrics = metrics;
    }

    @Override
    public void run(String... args) {
        CommandLine cli = commandLine(factory);
        exitCode = cli.execute(args);
        CommandLine.ParseResult parsed = cli.getParseResult();
        if (parsed != null && parsed.hasSubcommand() && JOBS.contains(parsed.subcommand().commandSpec().name())
                && !parsed.subcommand().isUsageHelpRequested()) {
            metrics.publish(parsed.subcommand().commandSpec().name(), exitCode, Launch.time(), System.err::println);
        }
    }


    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(DrkitCommand.class, factory);
        cli.registerConverter(Duration.class, DurationStyle::detectAndParse);
        ExitCodes.install(cli);
        return cli;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}

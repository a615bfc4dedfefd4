package io.drkit.cli;

import java.time.Duration;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

import picocli.CommandLine;

/** Runs the picocli command line inside the Spring context and hands its exit code to Boot. */
@Component
class CommandRunner implements CommandLineRunner, ExitCodeGenerator {

    private final SpringCommandFactory factory;
    private int exitCode;

    CommandRunner(SpringCommandFactory factory) {
        this.factory = factory;
    }

    @Override
    public void run(String... args) {
        exitCode = commandLine(factory).execute(args);
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

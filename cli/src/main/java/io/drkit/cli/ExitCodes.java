package io.drkit.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.error.FileTrouble;
import io.drkit.core.pg.JdbcUrl;
import picocli.CommandLine;

/**
 * The one place where results and failures become drkit's exit codes (DESIGN.md). Their list is on
 * the top-level {@code drkit --help} page only (and in the README); every other page points there
 * rather than repeating it.
 */
final class ExitCodes {

    private ExitCodes() {}

    static void install(CommandLine cli) {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            list.put(String.format("%3d", code.code()), code.meaning());
        }
        apply(cli, list);
        cli.setExecutionExceptionHandler(ExitCodes::onFailure);
        cli.setParameterExceptionHandler(ExitCodes::onBadUsage);
    }

    private static void apply(CommandLine root, Map<String, String> list) {
        root.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
        root.getSubcommands().values().forEach(ExitCodes::pointToTheList);
    }

    private static void pointToTheList(CommandLine cli) {
        CommandLine.Model.UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        List<String> footer = new ArrayList<>(List.of(usage.footer()));
        footer.add("");
        footer.add("Exit codes: see 'drkit --help'.");
        usage.footer(footer.toArray(String[]::new));
        cli.getSubcommands().values().forEach(ExitCodes::pointToTheList);
    }

    static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        DrkitException known = find(e);
        if (known != null) {
            String message = JdbcUrl.redact(known.getMessage());
            err.println("drkit: " + message);
            err.flush();
            return said(cli, parsed, known.exitCode(), message);
        }
        // An unexpected failure: one line for the operator; the stack trace only on request.
        String message = describe(e);
        err.println("drkit: " + message);
        boolean connection = causes(e).anyMatch(t -> t instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
                        || sql.getSQLState().equals("3D000")));
        if (Boolean.getBoolean("drkit.debug")) {
            e.printStackTrace(err);
        } else {
            err.println("drkit: (run with -Ddrkit.debug=true, or JAVA_OPTS=-Ddrkit.debug=true, for details)");
        }
        err.flush();
        // A database that cannot be reached or logged into is a configuration problem.
        return said(cli, parsed, connection ? ExitCode.USAGE : ExitCode.JOB_FAILED, message);
    }

    /** With {@code --json}, the failure as the error object on stdout too, where the script reads. */
    private static int said(CommandLine cli, CommandLine.ParseResult parsed, ExitCode code, String message) {
        if (askedForJson(parsed)) {
            Output.failure(cli.getOut(), code, message);
        }
        return code.code();
    }

    private static boolean askedForJson(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(Output.OPTION)) {
                return true;
            }
        }
        return false;
    }

    static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String message = said(e);
        err.println("drkit: " + message);
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            // picocli's own guesses: the commands and options nearest to what was typed
            String guess = "did you mean " + String.join(" or ", unmatched.getSuggestions().stream()
                    .map(s -> "'" + s + "'").toList()) + "?";
            err.println("drkit: " + guess);
            message = message + "; " + guess;
        }
        err.println("drkit: see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        if (Output.asked(args)) {
            Output.failure(cli.getOut(), ExitCode.USAGE, message);
        }
        return ExitCode.USAGE.code();
    }

    /** picocli's words, but a word where a command was expected is called what it is. */
    private static String said(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                && !e.getCommandLine().getSubcommands().isEmpty() && !unmatched.getUnmatched().isEmpty()) {
            return "'" + unmatched.getUnmatched().get(0) + "' is not a command of '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + "'";
        }
        return e.getMessage();
    }

    private static java.util.stream.Stream<Throwable> causes(Throwable e) {
        return java.util.stream.Stream.iterate(e, t -> t != null, Throwable::getCause);
    }

    private static DrkitException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DrkitException d) {
                return d;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String file = FileTrouble.said(root);
        if (file != null) {
            return JdbcUrl.redact(file);
        }
        String message = root instanceof SQLException sql && sql.getSQLState() != null
                ? root.getMessage() + " (SQLSTATE " + sql.getSQLState() + ")"
                : root.getMessage();
        return JdbcUrl.redact(root.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}

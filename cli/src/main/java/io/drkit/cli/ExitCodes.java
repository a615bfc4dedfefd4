package io.drkit.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.drkit.error.DrkitException;
import io.drkit.error.ExitCode;
import io.drkit.pg.JdbcUrl;
import picocli.CommandLine;

/**
 * The one place where results and failures become drkit's exit codes (DESIGN.md), and where every
 * command's {@code --help} gets the list of them.
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

    private static void apply(CommandLine cli, Map<String, String> list) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
        cli.getSubcommands().values().forEach(sub -> apply(sub, list));
    }

    static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        DrkitException known = find(e);
        if (known != null) {
            err.println("drkit: " + JdbcUrl.redact(known.getMessage()));
            err.flush();
            return known.exitCode().code();
        }
        // An unexpected failure: one line for the operator; the stack trace only on request.
        err.println("drkit: " + describe(e));
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
        return connection ? ExitCode.USAGE.code() : ExitCode.JOB_FAILED.code();
    }

    static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("drkit: " + e.getMessage());
        err.println("drkit: see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE.code();
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
        String message = root instanceof SQLException sql && sql.getSQLState() != null
                ? root.getMessage() + " (SQLSTATE " + sql.getSQLState() + ")"
                : root.getMessage();
        return JdbcUrl.redact(root.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}

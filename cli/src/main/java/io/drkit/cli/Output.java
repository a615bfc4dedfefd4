package io.drkit.cli;

import java.io.PrintWriter;

import java.util.Arrays;

import io.drkit.cli.json.JsonDocuments;
import io.drkit.core.error.ExitCode;
import io.drkit.core.progress.ProgressReporter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command's result goes: one JSON document on stdout with {@code --json} (in the vocabulary of
 * {@link JsonDocuments}; on failure, the error object), readable lines otherwise. Progress always goes
 * to stderr so that stdout stays parseable.
 */
public class Output {

    static final String OPTION = "--json";

    @Option(names = OPTION, description = "Print one JSON document on stdout (schemas in docs/json); on failure, "
            + "an error object.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    public boolean json() {
        return json;
    }

    /** A line for people; dropped in JSON mode. */
    public void line(String text) {
        if (!json) {
            out().println(text);
            out().flush();
        }
    }

    /** The result: as JSON with {@code --json}, as the given lines otherwise. */
    public void result(Object document, String... humanLines) {
        PrintWriter out = out();
        if (json) {
            out.println(JsonDocuments.write(document));
        } else {
            for (String l : humanLines) {
                out.println(l);
            }
        }
        out.flush();
    }

    public ProgressReporter progress() {
        return ProgressReporter.forConsole(false);
    }

    /** Whether a command line that could not be run asked for JSON: its failure is then said as the error object too. */
    static boolean asked(String[] args) {
        return Arrays.asList(args).contains(OPTION);
    }

    /** The error object on {@code out}; the operator's line goes to stderr as without {@code --json}. */
    static void failure(PrintWriter out, ExitCode code, String message) {
        out.println(JsonDocuments.error(code, message));
        out.flush();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}

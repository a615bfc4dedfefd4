package io.drkit.cli;

import java.io.PrintWriter;

import io.drkit.progress.ProgressReporter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a command's result goes: one JSON document on stdout with {@code --json}, readable lines
 * otherwise. Progress always goes to stderr so that stdout stays parseable.
 */
public class Output {

    /** Made on first use: loading Jackson is a third of the time {@code --help} would otherwise take. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    @Option(names = "--json", description = "Print one JSON document on stdout.")
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
            out.println(Json.MAPPER.writeValueAsString(document));
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

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}

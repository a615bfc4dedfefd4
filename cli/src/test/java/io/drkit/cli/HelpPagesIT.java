package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * Every help page as an operator meets it: answered with no configuration at all, descriptions
 * whole, the exit codes listed once (on {@code drkit --help}), and a typo answered with a guess.
 * Run in this JVM through the path {@code drkit} takes for them, so the sweep over all commands
 * costs no process launches.
 */
class HelpPagesIT {

    @TempDir
    Path dir;

    record Answer(Integer exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    static Answer ask(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Integer code = QuickAnswers.answer(args, new PrintWriter(out), new PrintWriter(err));
        return new Answer(code, out.toString(), err.toString());
    }

    /** Every command of the tree, as the words that name it after "drkit". */
    static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        collect(CommandRunner.commandLine(new QuickAnswers.WithoutContext()), List.of(), all);
        return all;
    }

    private static void collect(CommandLine cli, List<String> words, List<List<String>> all) {
        all.add(words);
        cli.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(words);
            next.add(name);
            collect(sub, next, all);
        });
    }

    @Test
    void everyCommandsHelpNeedsNoConfigurationAndShowsNoStackTrace() {
        List<List<String>> commands = commands();
        assertThat(commands).hasSizeGreaterThan(15).contains(List.of("daemon"), List.of("schedule", "print"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Answer a = ask(args.toArray(String[]::new));
            String name = String.join(" ", args);
            assertThat(a.exitCode()).as(name + ": " + a.all()).isZero();
            assertThat(a.stdout()).as(name).startsWith("Usage: drkit");
            assertThat(a.all()).as(name).doesNotContain("Exception").doesNotContain("at io.")
                    .doesNotContain("at org.").doesNotContain("at picocli.");
        }
    }

    @Test
    void theDaemonsHelpNeedsNoScratchServerInAnEmptyEnvironment() {
        // the one launch: drkit's main, with no DRKIT_* variable at all, answers before anything is configured
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "daemon", "--help");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).startsWith("Usage: drkit daemon");
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("WARN");
    }

    @Test
    void aParentsCommandListShowsEachCommandsFirstSentenceWhole() {
        CommandLine root = CommandRunner.commandLine(new QuickAnswers.WithoutContext());
        List<CommandLine> parents = new ArrayList<>();
        parents.add(root);
        root.getSubcommands().values().stream().filter(c -> !c.getSubcommands().isEmpty()).forEach(parents::add);
        assertThat(parents).hasSizeGreaterThanOrEqualTo(3);
        for (CommandLine parent : parents) {
            String page = flat(parent.getUsageMessage(CommandLine.Help.Ansi.OFF));
            for (CommandLine sub : parent.getSubcommands().values()) {
                String sentence = HelpLayout.firstSentence(sub.getCommandSpec().usageMessage().description());
                assertThat(sentence).as(sub.getCommandName()).endsWith(".");
                assertThat(page).as(parent.getCommandSpec().qualifiedName() + " lists " + sub.getCommandName())
                        .contains(sub.getCommandName() + " " + sentence);
            }
        }
        // the sentence that the command list used to cut after "DRKIT_REPOSITORY (bucket or directory, and its drkit.json),"
        assertThat(flat(root.getUsageMessage(CommandLine.Help.Ansi.OFF)))
                .contains("init Create the repository of DRKIT_REPOSITORY (bucket or directory, and its drkit.json), "
                        + "or check an existing one against the configured encryption key.");
        assertThat(HelpLayout.firstSentence(new String[] {"Apply retention (drkit.retention): keep", "the last. Then more."}))
                .isEqualTo("Apply retention (drkit.retention): keep the last.");
    }

    @Test
    void aCommandsOwnPageFlowsItsDescriptionAsOneParagraph() {
        Answer restore = ask("restore", "--help");
        // the source's line break after "A restore that was" no longer leaves a short line there
        assertThat(restore.stdout()).doesNotContainPattern("A restore\\s+that was\\n");
        assertThat(flat(restore.stdout())).contains("A restore that was killed or failed continues where it stopped");
    }

    @Test
    void theExitCodesAreListedOnceOnTheTopLevelPage() {
        Answer top = ask("--help");
        assertThat(top.stdout()).contains("Exit codes:").contains("2   bad usage or configuration")
                .contains("5   another run holds the lock");
        for (List<String> command : commands()) {
            if (command.isEmpty()) {
                continue;
            }
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Answer a = ask(args.toArray(String[]::new));
            assertThat(a.stdout()).as(String.join(" ", command)).doesNotContain("another run holds the lock")
                    .contains("Exit codes: see 'drkit --help'.");
        }
    }

    @Test
    void aTypoGetsADidYouMeanWithoutStartingAnything() {
        Answer command = ask("bakup");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.stderr()).contains("'bakup' is not a command of 'drkit'").contains("did you mean 'backup'?")
                .contains("see 'drkit --help'");
        Answer option = ask("backup", "--ful");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.stderr()).contains("Unknown option: '--ful'").contains("did you mean '--full'?");
        Answer nested = ask("schedule", "prnt");
        assertThat(nested.stderr()).contains("did you mean 'print'?").contains("see 'drkit schedule --help'");
    }

    /** The page with its line breaks and indentation folded to single spaces, as a reader reads it. */
    private static String flat(String page) {
        return String.join(" ", Arrays.stream(page.split("\\s+")).filter(w -> !w.isEmpty()).toList());
    }
}

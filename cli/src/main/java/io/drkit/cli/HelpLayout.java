package io.drkit.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every {@code --help} page reads. The commands' descriptions are written as the lines of one
 * paragraph (to keep the source narrow); picocli would print each line as a line of its own, and its
 * command list shows only the first line, cut wherever the source happened to wrap. Here each
 * description becomes one paragraph that picocli wraps, and a parent's command list shows each
 * command's first sentence, whole.
 */
final class HelpLayout {

    /** The end of a sentence: a full stop before a capital letter; "drkit.targets. A miss" ends one, "drkit.retention" does not. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s+[A-Z])");

    private HelpLayout() {}

    static void install(CommandLine cli) {
        UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        usage.description(paragraph(usage.description()));
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
        cli.getSubcommands().values().forEach(HelpLayout::install);
    }

    /** The lines joined into one paragraph; picocli wraps it to the terminal. */
    static String[] paragraph(String[] lines) {
        if (lines == null || lines.length <= 1) {
            return lines;
        }
        return new String[] {String.join(" ", Arrays.stream(lines).map(String::strip).toList())};
    }

    /** The first sentence of a description, whole: what a parent's command list shows. */
    static String firstSentence(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String text = String.join(" ", Arrays.stream(description).map(String::strip).toList());
        Matcher end = SENTENCE_END.matcher(text);
        return end.find() ? text.substring(0, end.end()) : text;
    }

    private static String commandList(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int longest = 0;
        List<Help.Ansi.Text> names = new ArrayList<>();
        for (Help sub : subcommands.values()) {
            Help.Ansi.Text name = sub.commandNamesText(", ");
            names.add(name);
            longest = Math.max(longest, name.plainString().length());
        }
        int width = help.commandSpec().usageMessage().width();
        int nameColumn = longest + 2;
        Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                new Help.Column(nameColumn, 2, Help.Column.Overflow.SPAN),
                new Help.Column(width - nameColumn, 2, Help.Column.Overflow.WRAP));
        int i = 0;
        for (Help sub : subcommands.values()) {
            String summary = firstSentence(sub.commandSpec().usageMessage().description());
            table.addRowValues(names.get(i++), help.colorScheme().text(summary));
        }
        return table.toString();
    }
}

package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine;

/**
 * {@code --help} and {@code --version} are answered without starting Spring; what they print must be
 * exactly what the commands print inside the Spring context, for every command.
 */
class QuickAnswersIT {

    @TempDir
    Path dir;

    @Test
    void everyCommandsHelpIsTheSameWithoutTheContext() {
        Map<String, String> quick = usages(CommandRunner.commandLine(new QuickAnswers.WithoutContext()));
        Map<String, String> full;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DrkitApplication.class)
                .properties("spring.main.banner-mode=off").run()) {
            full = usages(CommandRunner.commandLine(context.getBean(SpringCommandFactory.class)));
        }
        assertThat(quick.keySet()).contains("drkit", "drkit check", "drkit schedule print", "drkit tracking seed")
                .isEqualTo(full.keySet());
        quick.forEach((command, text) -> assertThat(text).as(command).isEqualTo(full.get(command)));
    }

    @Test
    void helpAndVersionAnswerFromTheCommandLineWithExitZero() {
        DrkitProcess.Result version = DrkitProcess.run(Map.of(), dir, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("drkit ");
        DrkitProcess.Result help = DrkitProcess.run(Map.of("DRKIT_SCHEDULES_DRILL", "not cron"), dir, "check", "--help");
        assertThat(help.exitCode()).as("help needs no valid configuration").isZero();
        assertThat(help.stdout()).startsWith("Usage: drkit check").contains("Exit codes:");
        DrkitProcess.Result bad = DrkitProcess.run(Map.of(), dir, "check", "--frobnicate");
        assertThat(bad.exitCode()).as("bad usage, said before any setting is read").isEqualTo(2);
        assertThat(bad.stderr()).contains("--frobnicate");
    }

    private static Map<String, String> usages(CommandLine cli) {
        Map<String, String> texts = new LinkedHashMap<>();
        collect(cli, texts);
        return texts;
    }

    private static void collect(CommandLine cli, Map<String, String> texts) {
        texts.put(cli.getCommandSpec().qualifiedName(), cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
        cli.getSubcommands().values().forEach(sub -> collect(sub, texts));
    }
}

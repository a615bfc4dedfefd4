package io.drkit.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The Debian package's {@code /etc/drkit/drkit.env} lists every setting the README's Configuration
 * section documents, commented out, so that an operator edits a line rather than looks one up.
 */
class SettingsFileTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path ENV = Path.of("src", "deb", "drkit.env");

    @Test
    void everyDocumentedVariableIsInTheSettingsFileCommentedOut() throws IOException {
        String readme = Files.readString(README);
        String configuration = readme.substring(readme.indexOf("\n## Configuration\n"),
                readme.indexOf("\n## ", readme.indexOf("\n## Configuration\n") + 5));
        Matcher names = Pattern.compile("`(DRKIT_[A-Z_]+)`").matcher(configuration);
        List<String> documented = names.results().map(m -> m.group(1)).distinct().toList();
        assertThat(documented).contains("DRKIT_SOURCE_URL", "DRKIT_CONFIG", "DRKIT_SCHEDULES_DRILL");

        List<String> lines = Files.readAllLines(ENV);
        for (String name : documented) {
            assertThat(lines).as(name).anyMatch(l -> l.startsWith("# " + name + "="));
        }
        assertThat(lines).as("nothing set: the defaults are drkit's").allMatch(l -> l.isBlank() || l.startsWith("#"));
    }
}

package io.drkit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.drkit.cli.backup.BackupFixture;

/** Report pages opened in a real browser (headless Chromium, which .ci/run installs). */
public final class BrowserPages {

    private static final Path SCREENSHOTS = Path.of("target", "report-pages").toAbsolutePath();

    private BrowserPages() {}

    /** The page's DOM after Chromium rendered it; a screenshot of it goes to the build output. */
    public static String rendered(Path page, String screenshot) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        String url = page.toUri().toString();
        BackupFixture.run(Map.of(), chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1200,1800", "--screenshot=" + SCREENSHOTS.resolve(screenshot), url);
        assertThat(SCREENSHOTS.resolve(screenshot)).isNotEmptyFile();
        BackupFixture.ToolResult dom = BackupFixture.runAllowingFailure(Map.of(), chromium(), "--headless",
                "--no-sandbox", "--disable-gpu", "--dump-dom", url);
        assertThat(dom.exitCode()).as(dom.output()).isZero();
        return dom.output();
    }

    private static String chromium() {
        for (String name : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(name))) {
                return name;
            }
        }
        throw new AssertionError("headless Chromium is needed to check the report pages: apt-get install chromium "
                + "(.ci/run installs it)");
    }
}

package io.drkit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.RequiredTool;

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

    /** Skips the test at once on a machine without Chromium (or fails it where every tool is required). */
    public static void requireBrowser() {
        chromium();
    }

    private static String chromium() {
        return RequiredTool.find("chromium", "chromium", "chromium-browser", "google-chrome").toString();
    }
}

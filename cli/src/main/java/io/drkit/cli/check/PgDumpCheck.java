package io.drkit.cli.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pg_dump, which writes each point's schema: it must be on PATH and at least the source's major
 * version (an older pg_dump refuses a newer server; a newer one dumps older servers).
 */
final class PgDumpCheck {

    static final String TARGET = "pg_dump";
    private static final String CHECK = "installed, of the source's major version or newer";
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

    private PgDumpCheck() {}

    /** @param sourceMajor the source's major version, or null when the source could not be reached */
    static Finding run(Integer sourceMajor) {
        String out;
        try {
            Process p = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Finding.problem(TARGET, CHECK, "pg_dump --version failed: " + out, "reinstall the PostgreSQL client");
            }
        } catch (IOException e) {
            return Finding.problem(TARGET, CHECK, "pg_dump is not installed or not on PATH (" + System.getenv("PATH") + ")",
                    "apt-get install postgresql-client" + (sourceMajor == null ? "" : "-" + sourceMajor)
                            + " (or the client package of the source's major version or newer)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.skipped(TARGET, CHECK, "interrupted");
        }
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            return Finding.problem(TARGET, CHECK, "cannot read the version in: " + out, "install PostgreSQL's pg_dump");
        }
        int major = Integer.parseInt(m.group(1));
        if (major < 10 && m.group(2) != null) {
            major = major * 100 + Integer.parseInt(m.group(2)); // 9.6 -> 906, compared with 906 below
        }
        if (sourceMajor == null) {
            return Finding.skipped(TARGET, CHECK, out + "; the source's version is unknown (not reachable)");
        }
        int source = sourceMajor < 10 ? sourceMajor * 100 : sourceMajor; // server_version_num / 10000 is 9 for 9.6
        if (major < source) {
            return Finding.problem(TARGET, CHECK, out + " is older than the source (major " + sourceMajor
                    + "), which it refuses to dump", "apt-get install postgresql-client-" + sourceMajor
                    + " (PGDG's repository has every version) and put its bin directory first on PATH");
        }
        return Finding.ok(TARGET, CHECK, out + " for a source of major version " + sourceMajor);
    }
}

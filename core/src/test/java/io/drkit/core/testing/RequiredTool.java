package io.drkit.core.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * A program a test runs that a bare machine may lack (Chromium, the Pushgateway, the AWS CLI...).
 * Where it is missing the test is skipped, with the line that installs it as the reason Surefire
 * reports; under {@code DRKIT_TESTS_REQUIRE_ALL=true} (which {@code .ci/run} sets, after installing
 * everything) it fails instead, so that CI never passes by skipping.
 */
public final class RequiredTool {

    private RequiredTool() {}

    /**
     * @param candidates the program's names or absolute paths, in order of preference
     * @return the first that is executable
     */
    public static Path find(String debianPackage, String... candidates) {
        Optional<Path> found = locate(candidates);
        if (found.isPresent()) {
            return found.get();
        }
        String reason = candidates[0] + " is not installed: apt-get install " + debianPackage
                + " (.ci/run installs it)";
        if (requireAll()) {
            throw new AssertionError(reason + "; DRKIT_TESTS_REQUIRE_ALL=true makes a missing tool a failure");
        }
        Assumptions.abort(reason);
        throw new IllegalStateException("unreachable");
    }

    /** Skips (or, when everything is required, fails) a test whose set-up the machine does not allow. */
    public static void assumeCapable(boolean capable, String reason) {
        if (capable) {
            return;
        }
        if (requireAll()) {
            throw new AssertionError(reason + "; DRKIT_TESTS_REQUIRE_ALL=true makes this a failure");
        }
        Assumptions.abort(reason);
    }

    static boolean requireAll() {
        return Boolean.parseBoolean(System.getenv("DRKIT_TESTS_REQUIRE_ALL"));
    }

    static Optional<Path> locate(String... candidates) {
        for (String name : candidates) {
            if (name.contains("/")) {
                Path p = Path.of(name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
                continue;
            }
            String path = System.getenv().getOrDefault("PATH", "");
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path p = Path.of(dir, name);
                    if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }
}

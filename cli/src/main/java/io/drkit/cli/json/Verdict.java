package io.drkit.cli.json;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The one verdict of every document that judges (check, verify, report --check), written as the reports write
 * theirs: {@code passed} or {@code failed}.
 */
public enum Verdict {
    PASSED, FAILED;

    public static Verdict of(boolean passed) {
        return passed ? PASSED : FAILED;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.drkit.cli.check;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One thing {@code drkit check} looked at.
 *
 * @param target what it belongs to: {@code source}, {@code pg_dump}, {@code repository},
 *     {@code encryption}, {@code scratch}, {@code catalog}, {@code slots}, {@code business checks}
 * @param check what was looked at, in a few words
 * @param detail what was found (names and versions, never secrets or row data)
 * @param fix what to do about a problem; null when there is none
 */
public record Finding(String target, String check, Status status, String detail, String fix) {

    public enum Status {
        OK, PROBLEM,
        /** Not looked at: not configured to matter (incrementals off), or blocked by a problem already named. */
        SKIPPED;

        @JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Finding ok(String target, String check, String detail) {
        return new Finding(target, check, Status.OK, detail, null);
    }

    static Finding problem(String target, String check, String detail, String fix) {
        return new Finding(target, check, Status.PROBLEM, detail, fix);
    }

    static Finding skipped(String target, String check, String why) {
        return new Finding(target, check, Status.SKIPPED, why, null);
    }

    /** Not named as a getter: it is no field of the JSON. */
    public boolean needsFixing() {
        return status == Status.PROBLEM;
    }
}

package io.drkit.verify;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.drkit.core.digest.VerifiedInputStream;

/**
 * Something wrong with one object of the repository, or with reading it.
 *
 * @param kind what is wrong; every kind but {@link Kind#UNAVAILABLE} is damage
 */
public record ObjectProblem(String key, Kind kind, String detail) {

    /** What is wrong with an object, written in JSON, reports and {@code drkit_object_read} by its {@link #label()}. */
    public enum Kind {
        MISSING, TRUNCATED, SIZE, CHECKSUM, UNDECRYPTABLE, UNREADABLE, ORPHAN, MANIFEST,
        /** Not damage: the object store failed while it was read, after every retry; nothing is known of the object. */
        UNAVAILABLE;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The damage {@link VerifiedInputStream#failure()} found in an object's stored bytes. */
        static Kind of(VerifiedInputStream.Failure failure) {
            return switch (failure) {
                case SIZE -> SIZE;
                case TRUNCATED -> TRUNCATED;
                case CHECKSUM -> CHECKSUM;
            };
        }
    }

    /** Whether the object's bytes were read (or found missing) and are wrong, as opposed to not readable now. */
    public boolean damage() {
        return kind != Kind.UNAVAILABLE;
    }

    @Override
    public String toString() {
        return key + ": " + kind.label() + " (" + detail + ")";
    }
}

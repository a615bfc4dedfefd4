package io.drkit.verify;

/**
 * Something wrong with one object of the repository, or with reading it.
 *
 * @param kind damage: {@code missing}, {@code truncated}, {@code size}, {@code checksum}, {@code undecryptable},
 *     {@code unreadable}, {@code orphan} or {@code manifest}; not damage: {@code unavailable} (the object store
 *     failed while it was read, after every retry: nothing is known of the object)
 */
public record ObjectProblem(String key, String kind, String detail) {

    public static final String UNAVAILABLE = "unavailable";

    /** Whether the object's bytes were read (or found missing) and are wrong, as opposed to not readable now. */
    public boolean damage() {
        return !UNAVAILABLE.equals(kind);
    }

    @Override
    public String toString() {
        return key + ": " + kind + " (" + detail + ")";
    }
}

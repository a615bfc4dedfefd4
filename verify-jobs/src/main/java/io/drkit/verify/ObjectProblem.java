package io.drkit.verify;

/**
 * Something wrong with one object of the repository.
 *
 * @param kind {@code missing}, {@code truncated}, {@code size}, {@code checksum}, {@code undecryptable},
 *     {@code unreadable}, {@code orphan} or {@code manifest}
 */
public record ObjectProblem(String key, String kind, String detail) {

    @Override
    public String toString() {
        return key + ": " + kind + " (" + detail + ")";
    }
}

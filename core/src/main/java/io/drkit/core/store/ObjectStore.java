package io.drkit.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A repository's objects, under one root ({@code s3://bucket/prefix} or {@code file:///dir}). Keys are
 * relative, slash-separated paths. Writes stream and become visible only when committed, so a
 * crash never leaves a half object under its real name.
 */
public interface ObjectStore extends AutoCloseable {

    /** The repository URI, safe to print: it carries no credentials. */
    String uri();

    /** Where an object is, for messages: the repository URI and the key joined by one slash. */
    default String locate(String key) {
        String root = uri();
        return root.endsWith("/") ? root + key : root + "/" + key;
    }

    /** Starts a streamed write; nothing is visible under {@code key} until {@link ObjectWriter#commit()}. */
    ObjectWriter create(String key);

    /** @throws ObjectMissingException when there is no such object */
    InputStream open(String key);

    Optional<ObjectInfo> stat(String key);

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<ObjectInfo> list(String prefix);

    /**
     * The names of the folders directly under {@code prefix} (which ends in a slash), in order: one
     * short listing where {@link #list} would name every object below them.
     */
    List<String> folders(String prefix);

    /**
     * Creates the bucket or directory when it does not exist yet ({@code drkit init}).
     *
     * @return whether it was created
     */
    boolean createContainer();

    /** Creates the bucket with Object Lock enabled when it does not exist; see {@link #createContainer()}. */
    default boolean createContainer(boolean objectLock) {
        return createContainer();
    }

    /** Whether objects can be locked against deletion until a time here (S3 Object Lock on the bucket). */
    default boolean supportsObjectLock() {
        return false;
    }

    /**
     * Locks an object against deletion and overwriting until the given time.
     *
     * @param mode {@code GOVERNANCE} or {@code COMPLIANCE}
     */
    default void retain(String key, String mode, java.time.Instant until) {
        throw new UnsupportedOperationException(uri() + " cannot lock objects");
    }

    /**
     * Until when the object is locked against deletion (its S3 Object Lock retention), when it is:
     * what the store holds, whatever drkit's own settings say now.
     */
    default Optional<java.time.Instant> retainedUntil(String key) {
        return Optional.empty();
    }

    /** Removes an object; removing a missing one is not an error. */
    void delete(String key);

    /**
     * Puts the object written at {@code temporaryKey} in place at {@code key} (replacing what is there)
     * and removes the temporary one: how a part written by one of several possible writers is published
     * once, by the writer that still owns it.
     */
    void publish(String temporaryKey, String key);

    /**
     * Discards writes under {@code prefix} that a killed process never committed or aborted: open
     * multipart uploads on S3 (which are billed until aborted), temporary files in a directory.
     *
     * @return how many were discarded
     */
    int discardUnfinishedWrites(String prefix);

    @Override
    void close();

    default StoredObject put(String key, byte[] data) {
        try (ObjectWriter w = create(key)) {
            w.write(data);
            return w.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    default byte[] read(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + locate(key) + ": " + e.getMessage(), e);
        }
    }

    default boolean exists(String key) {
        return stat(key).isPresent();
    }
}

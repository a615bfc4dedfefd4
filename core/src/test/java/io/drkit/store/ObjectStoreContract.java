package io.drkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every repository backend promises; each store runs these same tests. Objects are read back
 * through a second, independent path (the file system, the MinIO client), not through the store.
 */
abstract class ObjectStoreContract {

    /** Bigger than S3ObjectStore's multipart part size, so uploads take several parts. */
    static final int LARGE = S3ObjectStore.PART_SIZE * 2 + 12345;

    ObjectStore store;

    abstract ObjectStore openStore() throws Exception;

    /** The object's bytes, read without drkit's store code. */
    abstract byte[] readIndependently(String key) throws Exception;

    /** Writes begun but neither committed nor aborted, as a killed process leaves them. */
    abstract int unfinishedWrites() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aLargeObjectIsStoredByteForByteWithItsSha256() throws Exception {
        byte[] data = random(LARGE, 1);
        StoredObject stored;
        try (ObjectWriter w = store.create("points/p1/data/t/00000.copy.zst")) {
            for (int off = 0; off < data.length; off += 100_000) {
                w.write(data, off, Math.min(100_000, data.length - off));
            }
            stored = w.commit();
        }

        assertThat(stored.bytes()).isEqualTo(data.length);
        assertThat(stored.sha256()).isEqualTo(sha256(data));
        assertThat(readIndependently("points/p1/data/t/00000.copy.zst")).isEqualTo(data);
        assertThat(store.read("points/p1/data/t/00000.copy.zst")).isEqualTo(data);
        assertThat(store.stat("points/p1/data/t/00000.copy.zst")).get().extracting(ObjectInfo::size)
                .isEqualTo((long) data.length);
    }

    @Test
    void nothingIsVisibleUntilCommitAndAnAbortedWriteLeavesNothing() throws Exception {
        try (ObjectWriter w = store.create("points/p2/manifest.json")) {
            w.write(random(LARGE, 2));
            assertThat(store.stat("points/p2/manifest.json")).isEmpty();
            assertThat(store.list("points/")).isEmpty();
        }
        assertThat(store.stat("points/p2/manifest.json")).as("closed without commit").isEmpty();
        assertThat(store.list("")).isEmpty();
        assertThat(unfinishedWrites()).isZero();
    }

    @Test
    void writesOfAKilledProcessAreDiscardedWithoutTouchingCommittedObjects() throws Exception {
        store.put("points/keep/manifest.json", "{}".getBytes());
        ObjectWriter abandoned = store.create("points/dead/data/t/00000.copy.zst");
        abandoned.write(random(LARGE, 3));
        abandoned.flush();
        assertThat(unfinishedWrites()).isPositive();

        assertThat(store.discardUnfinishedWrites("points/")).isPositive();

        assertThat(unfinishedWrites()).isZero();
        assertThat(store.list("points/")).extracting(ObjectInfo::key).containsExactly("points/keep/manifest.json");
    }

    @Test
    void listIsByPrefixInKeyOrderAndDeleteIsIdempotent() {
        for (String key : List.of("points/b/x", "points/a/y", "points/a/x", "pointsz/other", "drkit.json")) {
            store.put(key, key.getBytes());
        }

        assertThat(store.list("points/")).extracting(ObjectInfo::key)
                .containsExactly("points/a/x", "points/a/y", "points/b/x");
        assertThat(store.list("points/a/")).extracting(ObjectInfo::size).containsExactly(10L, 10L);

        store.delete("points/a/x");
        store.delete("points/a/x");
        store.delete("points/never/was");
        assertThat(store.list("points/a/")).extracting(ObjectInfo::key).containsExactly("points/a/y");
    }

    @Test
    void foldersAreTheNamesDirectlyUnderAPrefixInOrder() {
        for (String key : List.of("points/b/data/t/00000.copy.zst", "points/a/manifest.json", "points/c/x", "pointsz/d/x",
                "drkit.json")) {
            store.put(key, key.getBytes());
        }

        assertThat(store.folders("points/")).containsExactly("a", "b", "c");
        assertThat(store.folders("points/b/")).containsExactly("data");
        assertThat(store.folders("")).containsExactly("points", "pointsz");
        assertThat(store.folders("nothing/")).isEmpty();
    }

    @Test
    void aMissingObjectIsNamedWhenOpened() {
        assertThatThrownBy(() -> store.open("points/none/manifest.json"))
                .isInstanceOf(ObjectMissingException.class).hasMessageContaining("points/none/manifest.json");
        assertThat(store.exists("points/none/manifest.json")).isFalse();
    }

    @Test
    void creatingAnExistingContainerChangesNothing() {
        store.put("drkit.json", "{}".getBytes());
        assertThat(store.createContainer()).isFalse();
        assertThat(store.read("drkit.json")).isEqualTo("{}".getBytes());
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String sha256(byte[] data) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}

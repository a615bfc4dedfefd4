package io.drkit.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

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

    /** The committed objects under {@code prefix}, in key order, listed without drkit's store code. */
    abstract List<String> keysIndependently(String prefix) throws Exception;

    /** Writes begun but neither committed nor aborted, as a killed process leaves them. */
    abstract int unfinishedWrites() throws Exception;

    /** The repository URI (and the S3 endpoint, or {@code -}) with which another process opens this store. */
    abstract List<String> storeArguments();

    /** The environment that process needs (S3 credentials and region). */
    abstract Map<String, String> storeEnvironment();

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
        assertThat(keysIndependently("")).containsExactly("points/p1/data/t/00000.copy.zst");
        assertThat(store.read("points/p1/data/t/00000.copy.zst")).isEqualTo(data);
        assertThat(store.stat("points/p1/data/t/00000.copy.zst")).get().extracting(ObjectInfo::size)
                .isEqualTo((long) data.length);
    }

    @Test
    void aPublishedObjectReplacesWhatWasAtItsKeyAndItsTemporaryKeyIsGone() throws Exception {
        String key = "points/p5/data/t/00000.copy.zst";
        String attempt = key + ".attempt-b";
        byte[] first = random(1000, 3);
        byte[] second = random(300_000, 4);
        store.put(key, first);
        StoredObject written = store.put(attempt, second);

        store.publish(attempt, key);

        assertThat(readIndependently(key)).as("the attempt's bytes, in place").isEqualTo(second);
        assertThat(sha256(readIndependently(key))).isEqualTo(written.sha256());
        assertThat(keysIndependently("points/p5/")).as("the temporary key is gone").containsExactly(key);
    }

    @Test
    void nothingIsVisibleUntilCommitAndAnAbortedWriteLeavesNothing() throws Exception {
        try (ObjectWriter w = store.create("points/p2/manifest.json")) {
            w.write(random(LARGE, 2));
            assertThat(store.stat("points/p2/manifest.json")).isEmpty();
            assertThat(store.list("points/")).isEmpty();
            assertThat(keysIndependently("")).as("seen from outside while written").isEmpty();
            assertThat(unfinishedWrites()).isPositive();
        }
        assertThat(store.stat("points/p2/manifest.json")).as("closed without commit").isEmpty();
        assertThat(store.list("")).isEmpty();
        assertThat(keysIndependently("")).as("seen from outside once closed without commit").isEmpty();
        assertThat(unfinishedWrites()).isZero();
    }

    /**
     * A process killed with SIGKILL from outside in the middle of a large write (a multipart upload
     * with parts uploaded, a temporary file written) leaves that write unfinished and nothing visible;
     * discarding unfinished writes removes it and touches no committed object.
     */
    @Test
    void writesOfAKilledProcessAreDiscardedWithoutTouchingCommittedObjects() throws Exception {
        store.put("points/keep/manifest.json", "{}".getBytes());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), WriterToKill.class.getName()));
        command.addAll(storeArguments());
        command.add("points/dead/data/t/00000.copy.zst");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(storeEnvironment());
        Process writer = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (writer.isAlive() && unfinishedWrites() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            boolean alive = writer.isAlive();
            writer.destroyForcibly();
            assertThat(writer.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(alive && writer.exitValue() == 137).as("the writer was alive when SIGKILL reached it: exit %d",
                    writer.exitValue()).isTrue();
        } finally {
            writer.destroyForcibly();
        }
        assertThat(unfinishedWrites()).as("the killed process's write").isPositive();
        assertThat(keysIndependently("points/")).containsExactly("points/keep/manifest.json");

        assertThat(store.discardUnfinishedWrites("points/")).isPositive();

        assertThat(unfinishedWrites()).isZero();
        assertThat(keysIndependently("points/")).containsExactly("points/keep/manifest.json");
        assertThat(readIndependently("points/keep/manifest.json")).isEqualTo("{}".getBytes());
        assertThat(store.list("points/")).extracting(ObjectInfo::key).containsExactly("points/keep/manifest.json");
    }

    @Test
    void listIsByPrefixInKeyOrderAndDeleteIsIdempotent() throws Exception {
        for (String key : List.of("points/b/x", "points/a/y", "points/a/x", "pointsz/other", "drkit.json")) {
            store.put(key, key.getBytes());
        }

        assertThat(store.list("points/")).extracting(ObjectInfo::key)
                .containsExactly("points/a/x", "points/a/y", "points/b/x");
        assertThat(store.list("points/a/")).extracting(ObjectInfo::size).containsExactly(10L, 10L);

        assertThat(keysIndependently("")).containsExactly("drkit.json", "points/a/x", "points/a/y", "points/b/x",
                "pointsz/other");
        assertThat(readIndependently("points/a/y")).isEqualTo("points/a/y".getBytes());

        store.delete("points/a/x");
        store.delete("points/a/x");
        store.delete("points/never/was");
        assertThat(store.list("points/a/")).extracting(ObjectInfo::key).containsExactly("points/a/y");
        assertThat(keysIndependently("")).as("deleted, seen from outside").containsExactly("drkit.json", "points/a/y",
                "points/b/x", "pointsz/other");
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
    void creatingAnExistingContainerChangesNothing() throws Exception {
        store.put("drkit.json", "{}".getBytes());
        assertThat(store.createContainer()).isFalse();
        assertThat(store.read("drkit.json")).isEqualTo("{}".getBytes());
        assertThat(readIndependently("drkit.json")).isEqualTo("{}".getBytes());
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

package io.drkit.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;

class EncryptionTest {

    /** Tink's AES256_GCM_HKDF_1MB authenticates 1 MiB ciphertext segments. */
    private static final int SEGMENT = 1 << 20;
    private static final Path V1 = Path.of("src", "test", "resources", "fixtures", "encryption-v1");

    @TempDir
    Path dir;

    @Test
    void roundTripsAcrossManyChunksAndHidesThePlaintext() throws Exception {
        RepositoryKey key = RepositoryKey.generate(dir.resolve("k"));
        byte[] plain = text(SEGMENT * 3 + 777);

        byte[] sealed = encrypt(plain, key);

        assertThat(decrypt(sealed, key)).isEqualTo(plain);
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Parcel 12");
        assertThat(encrypt(plain, key)).as("a fresh nonce every time").isNotEqualTo(sealed);
    }

    @Test
    void anEmptyStreamStillAuthenticates() throws Exception {
        RepositoryKey key = RepositoryKey.generate(dir.resolve("k"));
        assertThat(decrypt(encrypt(new byte[0], key), key)).isEmpty();
    }

    @Test
    void aFlippedByteIsAnIntegrityFailureNeverGarbage() throws Exception {
        RepositoryKey key = RepositoryKey.generate(dir.resolve("k"));
        byte[] sealed = encrypt(text(SEGMENT * 2), key);
        sealed[sealed.length / 2] ^= 0x01;

        assertThatThrownBy(() -> decrypt(sealed, key)).isInstanceOfSatisfying(DrkitException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INTEGRITY)).hasMessageContaining("part-7");
    }

    @Test
    void droppingTheLastChunksIsNoticed() throws Exception {
        RepositoryKey key = RepositoryKey.generate(dir.resolve("k"));
        byte[] sealed = encrypt(text(SEGMENT * 3), key);
        // cut exactly at a segment boundary: every remaining segment is intact, only the end is missing
        byte[] cut = Arrays.copyOf(sealed, sealed.length - SEGMENT);

        assertThatThrownBy(() -> decrypt(cut, key)).isInstanceOfSatisfying(DrkitException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INTEGRITY));
    }

    @Test
    void newObjectsAreTinksStreamingAeadUnderDrkitsPrefix() throws Exception {
        RepositoryKey key = RepositoryKey.generate(dir.resolve("k"));
        byte[] sealed = encrypt(text(1000), key);

        assertThat(new String(sealed, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DRKITENC");
        assertThat(sealed[8]).as("format version").isEqualTo((byte) 2);
        assertThat(new String(sealed, 9, 16, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(key.id());
        // Tink's own header follows: its length byte, then a 32-byte salt and a 7-byte nonce prefix
        assertThat(sealed[25]).isEqualTo((byte) (1 + 32 + 7));
        // the prefix is authenticated: an object relabelled as version 1 does not open as version 1
        byte[] relabelled = sealed.clone();
        relabelled[8] = 1;
        assertThatThrownBy(() -> decrypt(relabelled, key)).isInstanceOf(DrkitException.class);
    }

    @Test
    void anObjectWrittenInFormatVersion1StillDecrypts() throws Exception {
        RepositoryKey key = RepositoryKey.load(V1.resolve("repository.key"));
        byte[] sealed = Files.readAllBytes(V1.resolve("parcel.copy.zst.enc"));
        assertThat(sealed[8]).as("format version").isEqualTo((byte) 1);

        String copy = new String(Compression.ZSTD.decompress(new ByteArrayInputStream(decrypt(sealed, key))).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);

        assertThat(copy.lines()).hasSize(40).contains("17\tWB00000017\tdelivered\t219");
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 20] ^= 0x01;
        assertThatThrownBy(() -> decrypt(flipped, key)).isInstanceOfSatisfying(DrkitException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INTEGRITY)).hasMessageContaining("part-7");
    }

    @Test
    void aWrongKeyOrNoKeyIsAUsageErrorNamingTheKeyId() throws Exception {
        RepositoryKey key = RepositoryKey.generate(dir.resolve("k"));
        RepositoryKey other = RepositoryKey.generate(dir.resolve("other"));
        byte[] sealed = encrypt(text(1000), key);

        assertThatThrownBy(() -> decrypt(sealed, other)).isInstanceOfSatisfying(DrkitException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)).hasMessageContaining(key.id());
        assertThatThrownBy(() -> decrypt(sealed, null)).isInstanceOfSatisfying(DrkitException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)).hasMessageContaining(key.id());
    }

    @Test
    void aGeneratedKeyFileIsReadableByItsOwnerOnlyAndLoadsToTheSameKey() throws Exception {
        Path file = dir.resolve("repository.key");
        RepositoryKey key = RepositoryKey.generate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        RepositoryKey loaded = RepositoryKey.load(file);
        assertThat(loaded.id()).isEqualTo(key.id());
        assertThat(decrypt(encrypt(text(10), key), loaded)).isEqualTo(text(10));
    }

    private static byte[] text(int size) {
        StringBuilder b = new StringBuilder();
        Random r = new Random(size);
        while (b.length() < size) {
            b.append("Parcel ").append(r.nextInt(100)).append("\tin transit\n");
        }
        return b.substring(0, size).getBytes();
    }

    private static byte[] encrypt(byte[] plain, RepositoryKey key) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = Encryption.encrypt(sink, key)) {
            out.write(plain);
        }
        return sink.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, RepositoryKey key) throws IOException {
        try (InputStream in = Encryption.decrypt(new ByteArrayInputStream(sealed), key, "part-7")) {
            return in.readAllBytes();
        }
    }
}

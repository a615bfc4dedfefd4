package io.drkit.core.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.drkit.core.error.DrkitException;

/**
 * Client-side encryption of a repository's objects, streamed, so neither side holds a whole part in
 * memory, and authenticated, so a reader notices a flipped bit, a reordered segment and a truncated
 * object.
 *
 * <p>Every encrypted object starts with the same prefix: {@code "DRKITENC"}, a format version byte and
 * the key id (16 ASCII hex characters), so a missing or wrong key is named before anything is read.
 * Version 2, which drkit writes, is Google Tink's streaming AEAD {@code AES256_GCM_HKDF_1MB} with the
 * prefix as associated data ({@link TinkStreams}). Version 1, drkit's own chunked AES-256-GCM, is
 * still read ({@link LegacyChunkedGcm}): points written before stay restorable.
 */
public final class Encryption {

    /** What new points' manifests name in {@code codec.encryption}. */
    public static final String ALGORITHM = "AES256_GCM_HKDF_1MB";
    public static final String SUFFIX = ".enc";

    private static final byte[] MAGIC = "DRKITENC".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 2;
    private static final int KEY_ID_LENGTH = 16;
    static final int PREFIX_LENGTH = MAGIC.length + 1 + KEY_ID_LENGTH;

    private Encryption() {}

    public static OutputStream encrypt(OutputStream out, RepositoryKey key) throws IOException {
        byte[] prefix = ByteBuffer.allocate(PREFIX_LENGTH).put(MAGIC).put(VERSION)
                .put(key.id().getBytes(StandardCharsets.US_ASCII)).array();
        out.write(prefix);
        return TinkStreams.encrypting(out, key, prefix);
    }

    /**
     * Reads and checks the prefix at once, so a missing or wrong key fails before any output.
     *
     * @param key null when none is configured
     * @param what names the object in messages
     */
    public static InputStream decrypt(InputStream in, RepositoryKey key, String what) throws IOException {
        byte[] prefix = new byte[PREFIX_LENGTH];
        try {
            new DataInputStream(in).readFully(prefix);
        } catch (EOFException e) {
            throw DrkitException.integrity(what + " is too short to be an encrypted drkit object");
        }
        byte version = prefix[MAGIC.length];
        if (!Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || (version != VERSION && version != LegacyChunkedGcm.VERSION)) {
            throw DrkitException.integrity(what + " is not an encrypted drkit object (format version 1 or 2)");
        }
        String keyId = new String(prefix, MAGIC.length + 1, KEY_ID_LENGTH, StandardCharsets.US_ASCII);
        if (key == null) {
            throw DrkitException.usage(what + " is encrypted with key " + keyId
                    + "; set DRKIT_ENCRYPTION_KEY_FILE to the file holding that key");
        }
        if (!key.id().equals(keyId)) {
            throw DrkitException.usage(what + " is encrypted with key " + keyId + ", but the key in "
                    + "DRKIT_ENCRYPTION_KEY_FILE is " + key.id() + ": wrong key file");
        }
        return version == VERSION ? TinkStreams.decrypting(in, key, prefix, what)
                : LegacyChunkedGcm.open(in, key, prefix, what);
    }

    /** For tests and small objects. */
    static byte[] encrypt(byte[] data, RepositoryKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = encrypt(out, key)) {
            enc.write(data);
        }
        return out.toByteArray();
    }
}

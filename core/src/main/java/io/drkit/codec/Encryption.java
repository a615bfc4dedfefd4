package io.drkit.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import io.drkit.error.DrkitException;

/**
 * Streamed AES-256-GCM in authenticated chunks, so neither side holds a whole part in memory and a
 * reader notices a flipped bit, a swapped, dropped or reordered chunk, and a truncated object.
 *
 * <p>Format (all integers big-endian): header {@code "DRKITENC"}, version byte {@code 1}, the key id
 * (16 ASCII hex characters), an 8-byte random nonce prefix, the chunk size (int); then chunks of
 * {@code chunkSize} plaintext bytes (the last one shorter, possibly empty), each encrypted with the
 * nonce {@code prefix || chunk counter (4 bytes)}, followed by its 16-byte tag. Each chunk's
 * additional data is the header plus one byte that is 1 for the last chunk, 0 otherwise: cutting an
 * object at a chunk boundary therefore fails authentication.
 */
public final class Encryption {

    public static final String ALGORITHM = "AES-256-GCM";
    public static final String SUFFIX = ".enc";
    static final int CHUNK_SIZE = 64 * 1024;

    private static final byte[] MAGIC = "DRKITENC".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int KEY_ID_LENGTH = 16;
    private static final int HEADER_LENGTH = MAGIC.length + 1 + KEY_ID_LENGTH + 8 + 4;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Encryption() {}

    public static OutputStream encrypt(OutputStream out, RepositoryKey key) throws IOException {
        return new EncryptingStream(out, key);
    }

    /**
     * Reads and checks the header at once, so a missing or wrong key fails before any output.
     *
     * @param key null when none is configured
     * @param what names the object in messages
     */
    public static InputStream decrypt(InputStream in, RepositoryKey key, String what) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        try {
            new DataInputStream(in).readFully(header);
        } catch (EOFException e) {
            throw DrkitException.integrity(what + " is too short to be an encrypted drkit object");
        }
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length) || header[MAGIC.length] != VERSION) {
            throw DrkitException.integrity(what + " is not an encrypted drkit object (format version 1)");
        }
        String keyId = new String(header, MAGIC.length + 1, KEY_ID_LENGTH, StandardCharsets.US_ASCII);
        if (key == null) {
            throw DrkitException.usage(what + " is encrypted with key " + keyId
                    + "; set DRKIT_ENCRYPTION_KEY_FILE to the file holding that key");
        }
        if (!key.id().equals(keyId)) {
            throw DrkitException.usage(what + " is encrypted with key " + keyId + ", but the key in "
                    + "DRKIT_ENCRYPTION_KEY_FILE is " + key.id() + ": wrong key file");
        }
        return new DecryptingStream(in, key, header, what);
    }

    private static Cipher cipher(int mode, RepositoryKey key, byte[] header, long counter, boolean last) {
        if (counter > 0xFFFF_FFFFL) {
            throw new IllegalStateException("object too large for one nonce prefix");
        }
        byte[] nonce = ByteBuffer.allocate(12)
                .put(header, MAGIC.length + 1 + KEY_ID_LENGTH, 8)
                .putInt((int) counter)
                .array();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key.secret(), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(header);
            c.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Holds back one chunk so that the last one can be marked as last when the stream closes. */
    private static final class EncryptingStream extends FilterOutputStream {
        private final RepositoryKey key;
        private final byte[] header;
        private final byte[] chunk = new byte[CHUNK_SIZE];
        private int filled;
        private long counter;
        private boolean closed;

        EncryptingStream(OutputStream out, RepositoryKey key) throws IOException {
            super(out);
            this.key = key;
            byte[] prefix = new byte[8];
            RANDOM.nextBytes(prefix);
            this.header = ByteBuffer.allocate(HEADER_LENGTH)
                    .put(MAGIC)
                    .put(VERSION)
                    .put(key.id().getBytes(StandardCharsets.US_ASCII))
                    .put(prefix)
                    .putInt(CHUNK_SIZE)
                    .array();
            out.write(header);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == CHUNK_SIZE) {
                    seal(false);
                }
                int n = Math.min(len, CHUNK_SIZE - filled);
                System.arraycopy(b, off, chunk, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                out.write(cipher(Cipher.ENCRYPT_MODE, key, header, counter++, last).doFinal(chunk, 0, filled));
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed", e);
            }
            filled = 0;
        }

        @Override
        public void flush() {
            // a chunk is sealed only when full or last; flushing early would change the format
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                seal(true);
                out.close();
            }
        }
    }

    private static final class DecryptingStream extends InputStream {
        private final DataInputStream in;
        private final RepositoryKey key;
        private final byte[] header;
        private final String what;
        private final int sealedSize;
        private final byte[] sealed;
        private int sealedFilled;
        private byte[] plain = new byte[0];
        private int position;
        private long counter;
        private boolean done;

        DecryptingStream(InputStream in, RepositoryKey key, byte[] header, String what) {
            this.in = new DataInputStream(in);
            this.key = key;
            this.header = header;
            this.what = what;
            int chunkSize = ByteBuffer.wrap(header, HEADER_LENGTH - 4, 4).getInt();
            if (chunkSize <= 0 || chunkSize > 16 * 1024 * 1024) {
                throw DrkitException.integrity(what + " has a damaged encryption header");
            }
            this.sealedSize = chunkSize + TAG_BYTES;
            // one byte more than a sealed chunk tells whether another chunk follows
            this.sealed = new byte[sealedSize + 1];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (done) {
                    return -1;
                }
                openNextChunk();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void openNextChunk() throws IOException {
            while (sealedFilled < sealed.length) {
                int n = in.read(sealed, sealedFilled, sealed.length - sealedFilled);
                if (n < 0) {
                    break;
                }
                sealedFilled += n;
            }
            boolean last = sealedFilled <= sealedSize;
            int length = Math.min(sealedFilled, sealedSize);
            if (length < TAG_BYTES) {
                throw DrkitException.integrity(what + " is truncated: its last encrypted chunk is incomplete");
            }
            try {
                plain = cipher(Cipher.DECRYPT_MODE, key, header, counter++, last).doFinal(sealed, 0, length);
            } catch (AEADBadTagException e) {
                throw DrkitException.integrity(what + " failed authentication at chunk " + (counter - 1)
                        + ": it was altered, truncated or damaged");
            } catch (GeneralSecurityException e) {
                throw new IOException("decryption failed", e);
            }
            position = 0;
            if (last) {
                done = true;
                sealedFilled = 0;
            } else {
                sealed[0] = sealed[sealedSize];
                sealedFilled = 1;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
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

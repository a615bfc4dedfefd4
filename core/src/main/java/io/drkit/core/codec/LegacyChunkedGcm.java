package io.drkit.core.codec;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import io.drkit.core.error.DrkitException;

/**
 * Reads objects of encryption format version 1, which drkit wrote before it used Tink: AES-256-GCM in
 * authenticated chunks. Kept so that points written then stay restorable; nothing writes it any more.
 *
 * <p>Format (all integers big-endian): the common prefix ({@code "DRKITENC"}, version byte {@code 1},
 * the key id), an 8-byte random nonce prefix and the chunk size (int); then chunks of {@code chunkSize}
 * plaintext bytes (the last one shorter, possibly empty), each encrypted with the nonce
 * {@code prefix || chunk counter (4 bytes)}, followed by its 16-byte tag. Each chunk's additional data
 * is the whole header plus one byte that is 1 for the last chunk, 0 otherwise: cutting an object at a
 * chunk boundary therefore fails authentication.
 */
final class LegacyChunkedGcm {

    static final byte VERSION = 1;
    private static final int TAG_BYTES = 16;
    private static final int REST_OF_HEADER = 8 + 4;

    private LegacyChunkedGcm() {}

    /** @param prefix the common prefix, already read and checked against the key */
    static InputStream open(InputStream in, RepositoryKey key, byte[] prefix, String what) throws IOException {
        byte[] header = new byte[prefix.length + REST_OF_HEADER];
        System.arraycopy(prefix, 0, header, 0, prefix.length);
        try {
            new DataInputStream(in).readFully(header, prefix.length, REST_OF_HEADER);
        } catch (EOFException e) {
            throw DrkitException.integrity(what + " is too short to be an encrypted drkit object");
        }
        return new DecryptingStream(in, key, header, what);
    }

    private static Cipher cipher(int mode, RepositoryKey key, byte[] header, long counter, boolean last) {
        if (counter > 0xFFFF_FFFFL) {
            throw new IllegalStateException("object too large for one nonce prefix");
        }
        byte[] nonce = ByteBuffer.allocate(12)
                .put(header, Encryption.PREFIX_LENGTH, 8)
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
            int chunkSize = ByteBuffer.wrap(header, header.length - 4, 4).getInt();
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

}

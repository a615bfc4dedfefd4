package io.drkit.core.codec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;

import io.drkit.core.error.DrkitException;

/**
 * Encryption format version 2: Tink's streaming AEAD {@code AES256_GCM_HKDF_1MB} keyed with the
 * repository key (each object gets its own key derived by HKDF from a random salt, and 1 MiB segments
 * each authenticated in order, the last one marked as last). The object's prefix is the associated
 * data, so the version and key id cannot be swapped without failing authentication.
 */
final class TinkStreams {

    private TinkStreams() {}

    static OutputStream encrypting(OutputStream out, RepositoryKey key, byte[] prefix) throws IOException {
        try {
            return aead(key).newEncryptingStream(out, prefix);
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed to start", e);
        }
    }

    static InputStream decrypting(InputStream in, RepositoryKey key, byte[] prefix, String what) throws IOException {
        SourceFaults source = new SourceFaults(in);
        try {
            return new IntegrityVerdicts(aead(key).newDecryptingStream(source, prefix), source, what);
        } catch (GeneralSecurityException e) {
            throw DrkitException.integrity(what + " has a damaged encryption header");
        }
    }

    private static StreamingAead aead(RepositoryKey key) throws GeneralSecurityException {
        return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(
                PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB,
                SecretBytes.copyFrom(key.secret().getEncoded(), InsecureSecretKeyAccess.get())));
    }

    /** Remembers whether the stored bytes themselves could not be read (the network, the disk). */
    private static final class SourceFaults extends FilterInputStream {
        private volatile boolean failed;

        SourceFaults(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    /**
     * Tink says "the ciphertext was altered" with a plain {@link IOException}; drkit says it as damage
     * (exit 3) naming the object. A failure to read the stored bytes stays an I/O error, which retries.
     */
    private static final class IntegrityVerdicts extends FilterInputStream {
        private final SourceFaults source;
        private final String what;

        IntegrityVerdicts(InputStream plain, SourceFaults source, String what) {
            super(plain);
            this.source = source;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw verdict(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw verdict(e);
            }
        }

        private IOException verdict(IOException e) {
            if (source.failed) {
                return e;
            }
            throw DrkitException.integrity(what + " failed authentication: it was altered, truncated or damaged");
        }
    }
}

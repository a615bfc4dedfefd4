package io.drkit.core.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How a point's objects are encoded: compressed first (so the ciphertext stays small), then
 * encrypted when the repository has a key.
 *
 * @param key null when the repository is not encrypted
 */
public record Codec(Compression compression, int level, RepositoryKey key) {

    public Codec {
        compression.checkLevel(level);
    }

    public boolean encrypted() {
        return key != null;
    }

    /** The file-name suffix after {@code .copy} or {@code .sql}: {@code .zst}, {@code .zst.enc}, ... */
    public String suffix() {
        return compression.suffix() + (encrypted() ? Encryption.SUFFIX : "");
    }

    /** Closing the returned stream finishes the encoding and closes {@code out}. */
    public OutputStream encode(OutputStream out) throws IOException {
        return compression.compress(encrypted() ? Encryption.encrypt(out, key) : out, level);
    }

    /**
     * @param encryptedObject whether the object was written encrypted (from its manifest)
     * @param what names the object in error messages
     */
    public InputStream decode(InputStream in, boolean encryptedObject, String what) throws IOException {
        InputStream plain = encryptedObject ? Encryption.decrypt(in, key, what) : in;
        return compression.decompress(plain);
    }
}

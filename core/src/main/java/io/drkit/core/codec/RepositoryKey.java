package io.drkit.core.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.FileTrouble;

/**
 * The repository's 256-bit AES key. A key file holds 64 hexadecimal characters (what
 * {@link #generate(Path)} writes), or the key in base64, or its 32 raw bytes. Its {@link #id()}
 * names it in the repository descriptor and in every encrypted object without revealing it.
 */
public final class RepositoryKey {

    private final SecretKey key;
    private final String id;

    private RepositoryKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
        this.id = idOf(raw);
    }

    public static RepositoryKey load(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw DrkitException.usage("cannot read the encryption key file " + file + " (DRKIT_ENCRYPTION_KEY_FILE): "
                    + FileTrouble.reason(e));
        }
        return new RepositoryKey(decode(content, file));
    }

    /** Writes a new random key readable by its owner only. */
    public static RepositoryKey generate(Path file) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        try {
            // created with owner-only permissions, so the key is never readable by others, not even briefly
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, HexFormat.of().formatHex(raw) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw DrkitException.usage("cannot write the encryption key file " + file + ": " + FileTrouble.reason(e));
        }
        return new RepositoryKey(raw);
    }

    public String id() {
        return id;
    }

    SecretKey secret() {
        return key;
    }

    private static byte[] decode(byte[] content, Path file) {
        if (content.length == 32) {
            return content;
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (text.matches("[0-9a-fA-F]{64}")) {
            return HexFormat.of().parseHex(text);
        }
        try {
            byte[] b64 = Base64.getDecoder().decode(text);
            if (b64.length == 32) {
                return b64;
            }
        } catch (IllegalArgumentException notBase64) {
            // fall through to the message below
        }
        throw DrkitException.usage("the encryption key file " + file
                + " does not hold a 256-bit key (64 hex characters, base64 of 32 bytes, or 32 raw bytes)");
    }

    private static String idOf(byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("drkit-key-id:".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(raw)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

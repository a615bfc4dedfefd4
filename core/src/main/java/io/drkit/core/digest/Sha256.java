package io.drkit.core.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 of something held in memory, as lower-case hex (or base64, as S3's checksum headers carry it). */
public final class Sha256 {

    private Sha256() {}

    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(digest(data));
    }

    public static String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(digest(data));
    }

    private static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}

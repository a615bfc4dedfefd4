package io.drkit.manifest;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Recovery point ids sort by time as plain strings, so a listing of {@code points/} is already in
 * order, and an operator can read the time off the id: {@code 20261125T031500Z-full-3fa9}.
 */
public final class PointId {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("\\d{8}T\\d{6}Z-[a-z]+-[0-9a-f]{4}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PointId() {}

    public static String next(Instant time, String kind) {
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        return FORMAT.format(time) + "-" + kind + "-" + HexFormat.of().formatHex(suffix);
    }

    /** The time an id was made at, to the second. */
    public static Instant timeOf(String id) {
        return FORMAT.parse(id.substring(0, 16), Instant::from);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}

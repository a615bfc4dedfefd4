package io.drkit.core.manifest;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.drkit.core.error.DrkitException;

/**
 * A recovery point's id. Ids sort by time as plain strings, so a listing of {@code points/} is
 * already in order, and an operator can read the time off the id: {@code 20261125T031500Z-full-3fa9}.
 * An id is checked where it enters drkit (a command line option, a manifest), so what a service is
 * handed is one.
 *
 * @param value the id as written in manifests, object keys and JSON documents
 */
public record PointId(String value) implements Comparable<PointId> {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("\\d{8}T\\d{6}Z-[a-z]+-[0-9a-f]{4}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @throws DrkitException exit 2 when {@code value} is not a point id */
    public PointId {
        if (!isValid(value)) {
            throw DrkitException.usage("not a point id: " + value + " (ids look like 20261125T031500Z-full-3fa9; "
                    + "drkit list shows them)");
        }
    }

    /** Reads an id given by a person or a document; serialised back as the same string. */
    @JsonCreator
    public static PointId of(String value) {
        return new PointId(value);
    }

    public static PointId next(Instant time, String kind) {
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        return new PointId(FORMAT.format(time) + "-" + kind + "-" + HexFormat.of().formatHex(suffix));
    }

    /** The time an id was made at, to the second. */
    public static Instant timeOf(String id) {
        return FORMAT.parse(id.substring(0, 16), Instant::from);
    }

    /** The time this id was made at, to the second. */
    public Instant time() {
        return timeOf(value);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(PointId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

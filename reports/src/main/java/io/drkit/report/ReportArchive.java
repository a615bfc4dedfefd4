package io.drkit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.drkit.core.store.ObjectInfo;
import io.drkit.core.store.ObjectStore;

/**
 * Where reports live: {@code reports/<yyyy>/<mm>/<report-id>.json} and {@code .html} in the
 * repository, and the same paths under a local directory. Report ids sort by time as strings, to
 * the millisecond, so a listing is the chain's order.
 */
final class ReportArchive {

    static final String PREFIX = "reports/";
    static final String INDEX = "index.html";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectStore store;
    private final Path localDirectory;

    ReportArchive(ObjectStore store, Path localDirectory) {
        this.store = store;
        this.localDirectory = localDirectory;
    }

    ObjectStore store() {
        return store;
    }

    /** A new id that sorts after {@code after} (the newest report), even within one millisecond. */
    static String nextId(Instant now, String kind, String after) {
        Instant t = now;
        String id;
        do {
            byte[] suffix = new byte[2];
            ThreadLocalRandom.current().nextBytes(suffix);
            id = ID_TIME.format(t) + "-" + kind + "-" + HexFormat.of().formatHex(suffix);
            t = t.plusMillis(1);
        } while (after != null && id.compareTo(after) <= 0);
        return id;
    }

    /** Path of a report relative to {@code reports/}, without extension. */
    static String relative(String reportId) {
        return reportId.substring(0, 4) + "/" + reportId.substring(4, 6) + "/" + reportId;
    }

    static String htmlKey(String jsonKey) {
        return jsonKey.substring(0, jsonKey.length() - ".json".length()) + ".html";
    }

    static String idOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Keys of the stored JSON reports in chain order. */
    List<String> jsonKeys() {
        return store.list(PREFIX).stream().map(ObjectInfo::key).filter(k -> k.endsWith(".json"))
                .sorted((a, b) -> idOf(a).compareTo(idOf(b))).toList();
    }

    byte[] read(String key) {
        return store.read(key);
    }

    /** Writes to the repository and the local directory; the JSON last, as it is what makes a report count. */
    String write(String reportId, String html, byte[] json) {
        String base = PREFIX + relative(reportId);
        store.put(base + ".html", html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.put(base + ".json", json);
        writeLocal(relative(reportId) + ".html", html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        writeLocal(relative(reportId) + ".json", json);
        return base + ".json";
    }

    Path writeLocal(String relativePath, byte[] data) {
        Path file = localDirectory.resolve(relativePath);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".report", ".tmp");
            Files.write(temp, data);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report copy " + file + ": " + e.getMessage(), e);
        }
    }

    Path local(String relativePath) {
        return localDirectory.resolve(relativePath);
    }
}

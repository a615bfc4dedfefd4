package io.drkit.cli.objectlock;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adobe S3Mock in its own JVM, on loopback only, for the Object Lock tests: S3Proxy has no Object
 * Lock API. One per test JVM, stopped when the JVM ends; it must be up within two minutes.
 */
final class S3MockServer {

    private static final Path JAR = Path.of("target", "s3mock", "s3mock.jar").toAbsolutePath();
    private static final Pattern STARTED = Pattern.compile("Tomcat started on ports? (\\d+) \\(https\\), (\\d+) \\(http\\)");
    private static S3MockServer instance;

    final String endpoint;

    private S3MockServer(String endpoint) {
        this.endpoint = endpoint;
    }

    static synchronized S3MockServer get() throws Exception {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static S3MockServer start() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the build copies it (mvn generate-test-resources)");
        }
        Path dir = Files.createTempDirectory("drkit-s3mock");
        Path log = dir.resolve("s3mock.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dloader.path=" + loopbackJar(dir), "-Dserver.address=127.0.0.1", "-Dserver.port=0",
                "-Dhttp.port=0", "-Dcom.adobe.testing.s3mock.store.root=" + dir.resolve("data"),
                "-cp", JAR.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new S3MockServer("http://127.0.0.1:" + m.group(2));
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new IllegalStateException("S3Mock did not start within 2 minutes:\n" + Files.readString(log));
    }

    /** A jar holding {@link LoopbackConnectors} as an auto-configuration, for S3Mock's class path. */
    private static Path loopbackJar(Path dir) throws IOException {
        Path jar = dir.resolve("loopback.jar");
        String classFile = LoopbackConnectors.class.getName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String suffix : List.of("", "$1")) {
                out.putNextEntry(new JarEntry(classFile + suffix + ".class"));
                try (var in = LoopbackConnectors.class.getResourceAsStream("/" + classFile + suffix + ".class")) {
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"));
            write(out, LoopbackConnectors.class.getName() + "\n");
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}

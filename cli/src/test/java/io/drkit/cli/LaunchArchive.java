package io.drkit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive for the drkit processes one test JVM starts, as the packaged
 * {@code drkit} has one: the suite starts a few hundred of them, and on two cores their class loading
 * is most of a short command's time. The first process that runs a command writes the archive as it
 * ends ({@code -XX:ArchiveClassesAtExit}); later ones map it. The JVM of this release refuses
 * class-path directories in an archive, so {@code target/classes} and {@code target/test-classes}
 * are copied into jars once. A process killed before it wrote the archive leaves the next one to try.
 */
final class LaunchArchive {

    private enum State { NONE, WRITING, READY }

    private static final Path DIR = createDir();
    private static final String CLASS_PATH = jarredClassPath();
    private static final Path ARCHIVE = DIR.resolve("drkit.jsa");
    private static State state = State.NONE;

    private LaunchArchive() {}

    static String classPath() {
        return CLASS_PATH;
    }

    /**
     * The JVM options for one more process: map the archive when it is there, write it when none is
     * being written and the command starts Spring ({@code --help} and {@code --version} do not, and
     * would leave an archive without it). The JVM's own log lines stay off, so a note about the
     * archive never mixes with drkit's output.
     */
    static synchronized Options options(List<String> args) {
        if (state == State.READY) {
            return new Options(List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:disable"), () -> {});
        }
        if (state == State.NONE && !args.isEmpty() && !args.contains("--help") && !args.contains("--version")) {
            state = State.WRITING;
            Path written = DIR.resolve("drkit.jsa.writing");
            return new Options(List.of("-XX:ArchiveClassesAtExit=" + written, "-Xlog:disable"),
                    () -> finishWriting(written));
        }
        return new Options(List.of(), () -> {});
    }

    /** @param jvm options for the process's JVM; @param afterExit what to run once the process has ended */
    record Options(List<String> jvm, Runnable afterExit) {}

    private static synchronized void finishWriting(Path written) {
        try {
            if (Files.isRegularFile(written) && Files.size(written) > 0) {
                Files.move(written, ARCHIVE, StandardCopyOption.ATOMIC_MOVE);
                ARCHIVE.toFile().deleteOnExit();
                state = State.READY;
                return;
            }
            Files.deleteIfExists(written);
        } catch (IOException e) {
            // no archive: the processes start as they would without one
        }
        state = State.NONE;
    }

    private static Path createDir() {
        try {
            Path dir = Files.createTempDirectory("drkit-launch");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jarredClassPath() {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            entries.add(Files.isDirectory(p) ? jar(p, DIR.resolve("classes-" + n++ + ".jar")).toString() : entry);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path jar(Path dir, Path jar) {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.walk(dir)) {
            // directory entries too: Spring's component scan finds a package in a jar only through them
            for (Path f : (Iterable<Path>) files.filter(f -> !f.equals(dir)).sorted()::iterator) {
                String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                boolean folder = Files.isDirectory(f);
                j.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) {
                    Files.copy(f, j);
                }
                j.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jar.toFile().deleteOnExit();
        return jar;
    }
}

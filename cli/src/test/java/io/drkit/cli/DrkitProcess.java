package io.drkit.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code drkit} as an operator does: a separate JVM with its own environment, its exit code,
 * stdout and stderr. Only the variables given are set, so the machine's DRKIT_* settings never leak
 * into a test.
 */
public final class DrkitProcess {

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }

        /** stderr without the time drkit puts in front of each line when stderr is not a terminal. */
        public String stderrLines() {
            return stderr.replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ", "");
        }
    }

    private DrkitProcess() {}

    /** Starts drkit without waiting, for tests that kill it; its output goes nowhere. */
    public static Process start(Map<String, String> env, Path workDir, String... args) throws IOException {
        Launch launch = launch(env, workDir, args);
        launch.builder().redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return launch.start();
    }

    /** Starts drkit without waiting; stdout and stderr both go to {@code log}, for a failing test to show. */
    public static Process start(Map<String, String> env, Path workDir, Path log, String... args) throws IOException {
        return start(env, workDir, log, List.of(), args);
    }

    /**
     * As {@link #start(Map, Path, Path, String...)}, the command line behind {@code wrapper} (a command
     * that ends by executing the rest of its arguments: {@code ip netns exec}, {@code unshare}).
     */
    public static Process start(Map<String, String> env, Path workDir, Path log, List<String> wrapper, String... args)
            throws IOException {
        Launch launch = launch(env, workDir, args);
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(launch.builder().command());
        launch.builder().command(command);
        launch.builder().redirectOutput(log.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return launch.start();
    }

    /** A process to start, and what the launch archive does once it has ended. */
    private record Launch(ProcessBuilder builder, LaunchArchive.Options archive) {
        Process start() throws IOException {
            Process p = builder.start();
            p.onExit().thenRun(archive.afterExit());
            return p;
        }
    }

    private static Launch launch(Map<String, String> env, Path workDir, String... args) {
        LaunchArchive.Options archive = LaunchArchive.options(List.of(args));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // most of a test's time is drkit starting up; the quick compiler and a serial collector start fastest
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(archive.jvm());
        // the product's logging, not core's logback-test.xml, which shares the test classpath and would win
        command.add("-Dlogging.config=classpath:logback-spring.xml");
        command.add("-cp");
        command.add(LaunchArchive.classPath());
        command.add(DrkitApplication.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DRKIT_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        return new Launch(pb, archive);
    }

    public static Result run(Map<String, String> env, Path workDir, String... args) {
        Launch launch = launch(env, workDir, args);
        ProcessBuilder pb = launch.builder();
        try {
            File out = Files.createTempFile("drkit-out", ".txt").toFile();
            File err = Files.createTempFile("drkit-err", ".txt").toFile();
            pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = launch.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("drkit " + String.join(" ", args) + " did not end within 5 minutes");
            }
            Result r = new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
            out.delete();
            err.delete();
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

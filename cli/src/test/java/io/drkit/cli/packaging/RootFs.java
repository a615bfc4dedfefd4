package io.drkit.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.drkit.core.testing.RequiredTool;

/**
 * A Debian root file system unpacked in a temporary directory, and commands run inside it (chroot,
 * with a /proc of its own) as a given user: a throwaway machine for the package and the image, that
 * shares only the network (so 127.0.0.1 is the test's PostgreSQL) with this one.
 */
final class RootFs {

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    final Path root;

    private RootFs(Path root) {
        this.root = root;
    }

    /** chroot and mounting /proc need root, as .ci/run has; elsewhere these tests skip, saying so. */
    static void assumeRoot() {
        RequiredTool.assumeCapable("root".equals(System.getProperty("user.name")),
                "unpacking a root file system and running in it (chroot, mount) needs root, as .ci/run runs");
        RequiredTool.find("util-linux", "unshare");
    }

    /** The build's base root (src/image/build-base.sh), which needs mmdebstrap. */
    static Path baseRootTar() {
        Path tar = Path.of(System.getProperty("drkit.image.base", "target/image-base"), "rootfs.tar");
        if (!Files.isRegularFile(tar)) {
            RequiredTool.find("mmdebstrap", "mmdebstrap");
            RequiredTool.assumeCapable(false, tar + " was not built: the image profile builds it where mmdebstrap"
                    + " is installed (./mvnw -B verify, or -Pimage)");
        }
        return tar;
    }

    /** Unpacks tar archives (gzip or not) one over the other, as an image's layers stack. */
    static RootFs unpack(Path into, List<Path> layers) throws IOException, InterruptedException {
        Files.createDirectories(into);
        for (Path layer : layers) {
            Result r = exec(List.of("tar", "--numeric-owner", "-xpf", layer.toString(), "-C", into.toString()), Map.of());
            assertThat(r.exitCode()).as("unpacking " + layer + ": " + r.all()).isZero();
        }
        return new RootFs(into);
    }

    /** Runs a command inside, as {@code user} ("uid:gid" or a name), with only the given environment. */
    Result run(String user, Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("unshare", "--fork", "--pid", "--mount-proc=" + root.resolve("proc"),
                "chroot", "--userspec=" + user, root.toString(), "/usr/bin/env", "-i",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(List.of(command));
        return exec(argv, Map.of());
    }

    Result runAsRoot(String... command) throws IOException, InterruptedException {
        return run("0:0", Map.of("HOME", "/root"), command);
    }

    /** Every path under the root with its owner and mode, for comparing a root before and after. */
    List<String> inventory(List<String> ignoredPrefixes) throws IOException, InterruptedException {
        Result r = exec(List.of("find", root.toString(), "-xdev", "-printf", "%P %u:%g %m\\n"), Map.of());
        return r.stdout().lines().filter(l -> ignoredPrefixes.stream().noneMatch(l::startsWith)).sorted().toList();
    }

    static Result exec(List<String> argv, Map<String, String> env) throws IOException, InterruptedException {
        File out = File.createTempFile("rootfs-out", ".txt");
        File err = File.createTempFile("rootfs-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", argv) + " did not end within 5 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}

package io.drkit.cli.objectlock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.drkit.core.testing.RequiredTool;

/**
 * A real S3 server that enforces Object Lock: Ceph's RADOS Gateway (Debian's {@code radosgw},
 * {@code ceph-mon}, {@code ceph-osd}, which .ci/run installs) on a cluster of one monitor and one
 * in-memory OSD, all on 127.0.0.1 with free ports, in the given folder, without authentication
 * inside the cluster. Nothing of the machine's own Ceph setup is read ({@code -c} names this
 * cluster's file everywhere). Each step has a bounded wait; {@link #close()} stops the three daemons.
 */
final class CephRgw implements AutoCloseable {

    static final String ACCESS_KEY = "drkit-test";
    static final String SECRET_KEY = "drkit-test-secret";
    private static final String PACKAGES = "radosgw ceph-mon ceph-osd";
    private static final Duration STEP = Duration.ofMinutes(2);

    final String endpoint;
    private final Path dir;
    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();
    private final Thread hook;

    private CephRgw(Path dir, int rgwPort) {
        this.dir = dir;
        this.conf = dir.resolve("ceph.conf");
        this.endpoint = "http://127.0.0.1:" + rgwPort;
        this.hook = new Thread(this::stop);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Skips (or fails under DRKIT_TESTS_REQUIRE_ALL=true) where Ceph's daemons are not installed. */
    static CephRgw start(Path dir) throws Exception {
        Path radosgw = RequiredTool.find(PACKAGES, "radosgw");
        Path radosgwAdmin = RequiredTool.find(PACKAGES, "radosgw-admin");
        Path mon = RequiredTool.find(PACKAGES, "ceph-mon");
        Path osd = RequiredTool.find(PACKAGES, "ceph-osd");
        Path ceph = RequiredTool.find(PACKAGES, "ceph");
        Path monmaptool = RequiredTool.find(PACKAGES, "monmaptool");
        Files.createDirectories(dir);
        for (String sub : List.of("run", "log", "mon/mon.a", "osd/osd.0")) {
            Files.createDirectories(dir.resolve(sub));
        }
        int monPort = freePort();
        CephRgw c = new CephRgw(dir, freePort());
        try {
            c.configure(monPort);
            String fsid = UUID.randomUUID().toString();
            c.run(monmaptool, "--create", "--fsid", fsid, "--addv", "a", "[v2:127.0.0.1:" + monPort + "]",
                    dir.resolve("monmap").toString());
            c.run(mon, "-c", c.conf.toString(), "--mkfs", "-i", "a", "--monmap", dir.resolve("monmap").toString());
            c.daemon("mon", mon, "-f", "-c", c.conf.toString(), "-i", "a");
            String id = c.run(ceph, "-c", c.conf.toString(), "--connect-timeout", "60", "osd", "create").trim();
            if (!id.equals("0")) {
                throw new IllegalStateException("the new cluster's first OSD is " + id + ", not 0");
            }
            c.run(osd, "-c", c.conf.toString(), "-i", "0", "--mkfs");
            c.daemon("osd", osd, "-f", "-c", c.conf.toString(), "-i", "0");
            c.daemon("rgw", radosgw, "-f", "-c", c.conf.toString(), "-n", "client.rgw", "--no-mon-config",
                    "--rgw-frontends", "beast endpoint=" + c.endpoint.substring("http://".length()));
            c.awaitHttp();
            c.run(radosgwAdmin, "-c", c.conf.toString(), "-n", "client.admin", "--no-mon-config", "user", "create",
                    "--uid=drkit", "--display-name=drkit", "--access-key=" + ACCESS_KEY, "--secret=" + SECRET_KEY);
            return c;
        } catch (Exception | Error e) {
            String logs = c.logs();
            c.close();
            throw new IllegalStateException("Ceph's RADOS Gateway did not start: " + e.getMessage() + "\n" + logs, e);
        }
    }

    private void configure(int monPort) throws IOException {
        String d = dir.toString();
        Files.writeString(conf, String.join("\n",
                "[global]",
                "mon host = v2:127.0.0.1:" + monPort,
                "public addr = 127.0.0.1",
                "ms bind msgr1 = false",
                // no keys inside a throwaway cluster; a daemon then must not ask for an encrypted session
                "auth cluster required = none",
                "auth service required = none",
                "auth client required = none",
                "ms mon client mode = crc",
                "ms mon service mode = crc",
                "ms mon cluster mode = crc",
                "ms client mode = crc",
                "ms service mode = crc",
                "ms cluster mode = crc",
                "keyring = " + d + "/keyring",
                "run dir = " + d + "/run",
                "admin socket = " + d + "/run/$name.asok",
                "log file = " + d + "/log/$name.log",
                "pid file = " + d + "/run/$name.pid",
                "mon data = " + d + "/mon/$name",
                "osd data = " + d + "/osd/$name",
                "osd objectstore = memstore",
                "memstore device bytes = 1073741824",
                "osd pool default size = 1",
                "osd pool default min size = 1",
                "osd pool default pg num = 8",
                "osd pool default pgp num = 8",
                "osd crush chooseleaf type = 0",
                "mon allow pool size one = true",
                "rgw thread pool size = 32",
                ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("keyring"), "", StandardCharsets.UTF_8);
    }

    /** Runs a set-up command to its end (two minutes at most); its output, or a failure with it. */
    private String run(Path program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "step", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + STEP + ":\n"
                    + Files.readString(out));
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    private void daemon(String name, Path program, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        daemons.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").resolve(name + ".out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start());
    }

    /** The gateway answers (an anonymous bucket list) once it has made its pools. */
    private void awaitHttp() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            for (Process p : daemons) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p.info().command().orElse("a daemon") + " exited " + p.exitValue());
                }
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(endpoint + " did not answer within " + STEP);
            }
            Thread.sleep(500);
        }
    }

    /** The end of each daemon's log, for a failure to show. */
    String logs() {
        StringBuilder s = new StringBuilder();
        try (var files = Files.list(dir.resolve("log"))) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                s.append("--- ").append(f.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())))
                        .append('\n');
            }
        } catch (IOException | RuntimeException e) {
            s.append("(logs unreadable: ").append(e).append(")");
        }
        return s.toString();
    }

    private synchronized void stop() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        daemons.clear();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is stopping: the hook runs stop() anyway
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package io.drkit.cli.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Where a test's {@code drkit worker} runs, under a host name of its own ({@code unshare --uts}), so
 * that the manager's report can be seen to name it: on this machine's loopback, or in a network
 * namespace the test makes ({@code ip netns}), linked to this machine by a veth pair, where the
 * worker reaches PostgreSQL and the broker through relays at the same loopback addresses the manager
 * uses (so the two share one configuration, as a real fleet does). Where the machine does not allow
 * a namespace (not root, no {@code ip}), the worker runs on loopback and {@link #why} says so.
 */
final class WorkerPlace implements AutoCloseable {

    private final String host;
    private final List<String> wrapper;
    private final List<Runnable> teardown;
    private final String why;

    private WorkerPlace(String host, List<String> wrapper, List<Runnable> teardown, String why) {
        this.host = host;
        this.wrapper = wrapper;
        this.teardown = teardown;
        this.why = why;
    }

    /** On loopback, named {@code host} when the machine lets a process have a host name of its own. */
    static WorkerPlace loopback(String host) {
        if (run("unshare", "--uts", "true") != 0) {
            return new WorkerPlace(null, List.of(), List.of(), "unshare --uts is not allowed here");
        }
        return new WorkerPlace(host, named(host), List.of(), null);
    }

    /**
     * In a network namespace of its own, reaching {@code ports} of this machine's loopback (PostgreSQL,
     * the broker) at the same ports of its own loopback; on loopback when no namespace can be made.
     */
    static WorkerPlace namespace(String host, int... ports) throws IOException, InterruptedException {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String ns = "drkit-" + id;
        String outside = "dkh" + id;
        String inside = "dkw" + id;
        int subnet = ThreadLocalRandom.current().nextInt(1, 250);
        String hostAddress = "10.213." + subnet + ".1";
        List<Runnable> teardown = new ArrayList<>();
        teardown.add(() -> run("ip", "netns", "delete", ns));
        teardown.add(() -> run("ip", "link", "delete", outside));
        boolean made = run("ip", "netns", "add", ns) == 0
                && run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside) == 0
                && run("ip", "link", "set", inside, "netns", ns) == 0
                && run("ip", "addr", "add", hostAddress + "/30", "dev", outside) == 0
                && run("ip", "link", "set", outside, "up") == 0
                && run("ip", "netns", "exec", ns, "ip", "addr", "add", "10.213." + subnet + ".2/30", "dev", inside) == 0
                && run("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up") == 0
                && run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up") == 0;
        if (!made) {
            teardown.forEach(Runnable::run);
            WorkerPlace fallback = loopback(host);
            return new WorkerPlace(fallback.host, fallback.wrapper, List.of(),
                    "no network namespace could be made here (ip netns needs root)");
        }
        // this machine's end: relays on the link's address to the services on loopback
        List<String> relayed = new ArrayList<>();
        for (int port : ports) {
            TcpRelay relay = TcpRelay.on(InetAddress.getByName(hostAddress), port, "127.0.0.1", port);
            teardown.add(0, () -> {
                try {
                    relay.close();
                } catch (IOException ignored) {
                    // closing
                }
            });
            relayed.add(port + "=" + hostAddress + ":" + port);
        }
        // the namespace's end: relays on its own loopback, to this machine's end of the link
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                TcpRelay.class.getName()));
        command.addAll(relayed);
        Process relays = new ProcessBuilder(command).redirectErrorStream(true).start();
        teardown.add(0, relays::destroyForcibly);
        BufferedReader said = new BufferedReader(new InputStreamReader(relays.getInputStream(), StandardCharsets.UTF_8));
        String line = said.readLine();
        if (!"relaying".equals(line)) {
            teardown.forEach(Runnable::run);
            throw new IllegalStateException("the relays in namespace " + ns + " did not start: " + line);
        }
        List<String> wrapper = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        wrapper.addAll(named(host));
        return new WorkerPlace(host, wrapper, teardown, null);
    }

    /** The host name the worker runs under, or null when it has the machine's. */
    String host() {
        return host;
    }

    /** Why the worker is not where it was asked to be, or null. */
    String why() {
        return why;
    }

    /** What goes before the worker's own command line. */
    List<String> wrapper() {
        return wrapper;
    }

    @Override
    public void close() {
        teardown.forEach(Runnable::run);
    }

    private static List<String> named(String host) {
        // the JVM asks the resolver for its host's address, which a made-up name lacks; it then reads HOSTNAME
        return List.of("unshare", "--uts", "sh", "-c", "hostname " + host + " && HOSTNAME=" + host
                + " exec \"$0\" \"$@\"");
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

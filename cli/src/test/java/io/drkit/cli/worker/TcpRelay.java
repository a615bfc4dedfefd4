package io.drkit.cli.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to a real server (the broker, PostgreSQL), which a test can cut: every connection
 * through it closed and new ones refused, as when the broker goes down, until it is resumed. On
 * loopback, or on the host's end of a network namespace's link ({@link WorkerPlace}); its
 * {@link #main} runs inside such a namespace, giving the processes there the host's services on
 * their own loopback.
 */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    private TcpRelay(ServerSocket server, InetSocketAddress upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    static TcpRelay to(String host, int port) throws IOException {
        return on(InetAddress.getLoopbackAddress(), 0, host, port);
    }

    /** A relay listening on {@code bind:port} (0: any free port). */
    static TcpRelay on(InetAddress bind, int port, String host, int upstreamPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(bind, port), 50);
        TcpRelay relay = new TcpRelay(server, new InetSocketAddress(host, upstreamPort));
        Thread accepting = new Thread(relay::accept, "relay-accept");
        accepting.setDaemon(true);
        accepting.start();
        return relay;
    }

    /**
     * Relays {@code port=host:port} ... from this machine's (or namespace's) loopback; says "relaying"
     * on stdout once every port listens, and runs until killed.
     */
    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            String[] local = arg.split("=", 2);
            String[] upstream = local[1].split(":", 2);
            on(InetAddress.getLoopbackAddress(), Integer.parseInt(local[0]), upstream[0], Integer.parseInt(upstream[1]));
        }
        System.out.println("relaying");
        System.out.flush();
        Thread.currentThread().join();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every connection and refuses new ones. */
    void cut() {
        cut = true;
        open.forEach(TcpRelay::closeQuietly);
        open.clear();
    }

    void resume() {
        cut = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                Socket remote = new Socket();
                remote.connect(upstream, 5000);
                open.add(client);
                open.add(remote);
                pump(client, remote);
                pump(remote, client);
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}

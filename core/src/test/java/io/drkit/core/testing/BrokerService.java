package io.drkit.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The RabbitMQ the remote-worker tests use: a container under {@code -Pcontainers}, otherwise the one
 * this kind of machine runs on 127.0.0.1:5672 (guest/guest; {@code .ci/run} starts it). A test on a
 * machine with neither is skipped, saying why (a failure with {@code DRKIT_TESTS_REQUIRE_ALL=true}).
 */
public final class BrokerService {

    private static final String LOCAL = "amqp://guest:guest@127.0.0.1:5672/%2F";
    private static URI located;

    private BrokerService() {}

    /** The broker's URL, with its password; skips the test when there is none. */
    public static synchronized String url() {
        if (located == null) {
            located = URI.create(ContainerServices.enabled() ? ContainerServices.rabbitmq() : LOCAL);
        }
        boolean reachable;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(located.getHost(), located.getPort()), 2000);
            reachable = true;
        } catch (IOException e) {
            reachable = false;
        }
        RequiredTool.assumeCapable(reachable, "RabbitMQ is not running on " + located.getHost() + ":" + located.getPort()
                + " (apt-get install rabbitmq-server; .ci/run starts it; -Pcontainers runs one in Docker)");
        return located.toString();
    }

    /** The URL as drkit prints it: {@code amqp://user@host:port/}, without the password. */
    public static String printed() {
        URI u = URI.create(url());
        return "amqp://" + u.getUserInfo().split(":", 2)[0] + "@" + u.getHost() + ":" + u.getPort() + "/";
    }

    public static String host() {
        return URI.create(url()).getHost();
    }

    public static int port() {
        return URI.create(url()).getPort();
    }
}

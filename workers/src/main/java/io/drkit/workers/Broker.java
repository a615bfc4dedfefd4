package io.drkit.workers;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Properties;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.drkit.core.error.DrkitException;

/**
 * The RabbitMQ broker of {@code DRKIT_BROKER_URL} and the one durable queue the parts go through.
 * Its {@link #toString()} has no password, so it can be said in any message.
 */
public final class Broker implements AutoCloseable {

    /** Seconds between heartbeats: a worker whose host vanished is noticed, and its part given again, after two. */
    private static final int HEARTBEAT_SECONDS = 5;

    private final String shown;
    private final String queue;
    private final CachingConnectionFactory connections;
    private final RabbitAdmin admin;
    private final RabbitTemplate template;

    private Broker(URI uri, String shown, String queue) {
        this.shown = shown;
        this.queue = queue;
        this.connections = new CachingConnectionFactory(uri);
        connections.setRequestedHeartBeat(HEARTBEAT_SECONDS);
        connections.setConnectionTimeout(10_000);
        connections.setConnectionNameStrategy(f -> "drkit");
        this.admin = new RabbitAdmin(connections);
        this.template = new RabbitTemplate(connections);
    }

    /** @throws DrkitException (usage) when no broker is set or its URL cannot be read */
    public static Broker of(WorkerSettings settings) {
        if (settings.brokerUrl() == null) {
            throw DrkitException.usage("no broker is set: give DRKIT_BROKER_URL (amqp://user:password@host:5672/vhost)");
        }
        URI uri;
        try {
            uri = new URI(settings.brokerUrl());
        } catch (URISyntaxException e) {
            throw DrkitException.usage("DRKIT_BROKER_URL is not a URL (amqp://user:password@host:5672/vhost)");
        }
        if (!("amqp".equals(uri.getScheme()) || "amqps".equals(uri.getScheme())) || uri.getHost() == null) {
            throw DrkitException.usage("DRKIT_BROKER_URL must be amqp://user:password@host:5672/vhost (or amqps://), not "
                    + withoutPassword(uri));
        }
        return new Broker(uri, withoutPassword(uri), settings.queue());
    }

    private static String withoutPassword(URI uri) {
        String user = uri.getUserInfo() == null ? null : uri.getUserInfo().split(":", 2)[0];
        return (uri.getScheme() == null ? "" : uri.getScheme() + "://") + (user == null ? "" : user + "@")
                + (uri.getHost() == null ? "?" : uri.getHost()) + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Declares the parts' queue (durable: a part sent survives a broker restart) and checks the broker answers. */
    public void declare() {
        try {
            admin.declareQueue(new Queue(queue, true, false, false));
        } catch (AmqpException e) {
            throw unreachable(e);
        }
    }

    /** How many workers listen on the parts' queue now. */
    public int workers() {
        try {
            Properties info = admin.getQueueProperties(queue);
            return info == null ? 0 : ((Number) info.get(RabbitAdmin.QUEUE_CONSUMER_COUNT)).intValue();
        } catch (AmqpException e) {
            throw unreachable(e);
        }
    }

    /** Sends one part's request; the broker keeps it on disk until a worker has run it. */
    public void send(String body) {
        try {
            template.convertAndSend("", queue, body, m -> {
                m.getMessageProperties().setContentType("application/json");
                m.getMessageProperties().setDeliveryMode(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
                return m;
            });
        } catch (AmqpException e) {
            throw unreachable(e);
        }
    }

    CachingConnectionFactory connections() {
        return connections;
    }

    String queue() {
        return queue;
    }

    DrkitException unreachable(Exception e) {
        return DrkitException.failed("the broker " + shown + " cannot be reached (" + e.getClass().getSimpleName()
                + "); parts already stored are kept and the next run resumes", null);
    }

    @Override
    public void close() {
        connections.destroy();
    }

    @Override
    public String toString() {
        return shown;
    }
}

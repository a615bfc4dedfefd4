package io.drkit.workers;

import java.util.function.Consumer;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

import com.rabbitmq.client.ShutdownSignalException;

/**
 * What a worker says when it loses the broker and when it has it back, one line each (Spring AMQP's
 * own warnings, a stack trace every retry, are left out of the log): the parts in hand go on, and the
 * broker is tried again until it answers.
 */
final class BrokerLines implements ConnectionListener {

    private final String broker;
    private final Consumer<String> err;
    private volatile boolean lost;

    BrokerLines(String broker, Consumer<String> err) {
        this.broker = broker;
        this.err = err;
    }

    @Override
    public void onCreate(Connection connection) {
        if (lost) {
            lost = false;
            err.accept("worker: the broker " + broker + " answers again; taking parts");
        }
    }

    @Override
    public void onShutDown(ShutdownSignalException signal) {
        if (!signal.isInitiatedByApplication() && !lost) {
            lost = true;
            err.accept("worker: lost the broker " + broker + "; the parts in hand go on, and the broker is tried "
                    + "again every few seconds");
        }
    }
}

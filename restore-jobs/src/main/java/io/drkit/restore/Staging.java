package io.drkit.restore;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * How a run restores: in one stage, or in two around the serving moment (a full point with tiers,
 * without {@code --all-at-once}). Holds what the serving step learned, for the result.
 */
final class Staging {

    /** A restore in one stage: the database serves when everything is done. */
    static final Staging ONE_STAGE = new Staging(false, null, null, line -> { });

    private final boolean staged;
    private final String onServing;
    private final ServingListener listener;
    private final Consumer<String> log;
    private volatile Instant servingAt;
    private volatile String onServingFailure;

    Staging(boolean staged, String onServing, ServingListener listener, Consumer<String> log) {
        this.staged = staged;
        this.log = log;
        this.onServing = onServing;
        this.listener = listener;
    }

    boolean staged() {
        return staged;
    }

    String onServing() {
        return onServing;
    }

    /** The restore's lines for the operator (stderr). */
    Consumer<String> log() {
        return log;
    }

    ServingListener listener() {
        return listener;
    }

    void served(Instant at, String commandFailure) {
        this.servingAt = at;
        this.onServingFailure = commandFailure;
    }

    Instant servingAt() {
        return servingAt;
    }

    String onServingFailure() {
        return onServingFailure;
    }
}

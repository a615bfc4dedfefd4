package io.drkit.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.drkit.core.batch.StopSignal;

/**
 * SIGTERM (or Ctrl-C) to a drkit command: the work in hand stops where the next run resumes it
 * (see {@link StopSignal}) and the command ends as it would after a failure: scratch databases
 * dropped, job history written, metrics out (but no alert: the stop was asked for). Network waits
 * end on their own within the S3 attempt timeout; whatever still waits after {@link #FORCE_AFTER}
 * (a read from a silent server) is cut ({@link StopSignal#force()}), so that the run is still
 * recorded as stopped before {@link #PATIENCE}. A command still busy then ends as if killed, which
 * every job survives too.
 */
final class GracefulStop {

    /** Longer than a part takes to export or load, shorter than systemd's 90 s before SIGKILL. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Time left after it for the job to record its stop, drop its scratch database, write its metrics. */
    static final Duration FORCE_AFTER = Duration.ofSeconds(40);

    private final CountDownLatch finished = new CountDownLatch(1);

    /** Spring's own shutdown hook must be off: it would close the context under the running command. */
    void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "drkit-stop"));
    }

    /** The command has ended and the context is closed: the JVM may exit. */
    void finished() {
        finished.countDown();
    }

    private void stop() {
        if (finished.getCount() == 0) {
            return; // the command ended on its own
        }
        StopSignal.request();
        System.err.println("drkit: stopping on request: the work in hand ends where the next run resumes it");
        try {
            if (!finished.await(FORCE_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("drkit: still waiting on the network after " + FORCE_AFTER.toSeconds()
                        + " s; cutting its connections");
                StopSignal.force();
            }
            if (!finished.await(PATIENCE.minus(FORCE_AFTER).toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("drkit: still busy after " + PATIENCE.toSeconds() + " s; exiting now (the next run "
                        + "resumes all the same)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.drkit.cli.daemon;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.drkit.schedule.Daemon;

/** The running daemon, for the health endpoint; empty in every other command. */
@Component
public class DaemonHolder {

    private volatile Daemon daemon;

    void set(Daemon d) {
        this.daemon = d;
    }

    public Optional<Daemon> get() {
        return Optional.ofNullable(daemon);
    }
}

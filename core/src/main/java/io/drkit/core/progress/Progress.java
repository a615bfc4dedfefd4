package io.drkit.core.progress;

/** One long piece of work being reported: a seed, a backup, a restore. Thread-safe. */
public interface Progress extends AutoCloseable {

    /** Adds units of work done (bytes, rows, events: whatever the task counts). */
    void advance(long units);

    /** A short free-text status shown beside the figures (for example the table being read). */
    void status(String text);

    /** Ends the report; the last figures stay on screen. */
    @Override
    void close();

    Progress NONE = new Progress() {
        @Override
        public void advance(long units) {}

        @Override
        public void status(String text) {}

        @Override
        public void close() {}
    };
}

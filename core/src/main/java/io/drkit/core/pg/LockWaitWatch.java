package io.drkit.core.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Says when a session of drkit waits on a lock another session holds on the source (an {@code ALTER
 * TABLE}, a {@code TRUNCATE}, a {@code VACUUM FULL}): which table, for how long, and who holds it, so
 * a backup that seems to hang for the lock timeout says why. Only names and process ids are said.
 * The watch opens its own connection, and only once the wait has lasted {@link #FIRST}.
 */
public final class LockWaitWatch implements AutoCloseable {

    static final Duration FIRST = Duration.ofSeconds(5);
    private static final Duration AGAIN = Duration.ofSeconds(10);
    private static final String WAIT = "SELECT l.relation::regclass::text, "
            + "extract(epoch FROM now() - a.state_change)::bigint, "
            + "(SELECT string_agg(b.pid || ' (' || coalesce(nullif(b.application_name, ''), b.backend_type) || ')', ', ') "
            + "FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid))) "
            + "FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted "
            + "WHERE a.pid = ? AND a.wait_event_type = 'Lock' LIMIT 1";

    private final Thread thread;

    private LockWaitWatch(Thread thread) {
        this.thread = thread;
    }

    /**
     * @param waiter the backend process id of drkit's session that may wait
     * @param job what waits, as the line names it ("backup")
     * @param giveUp what happens if the lock never comes, said once
     */
    public static LockWaitWatch start(JdbcUrl url, int waiter, String job, String giveUp, Consumer<String> say) {
        Thread t = new Thread(() -> watch(url, waiter, job, giveUp, say), "drkit-lock-wait");
        t.setDaemon(true);
        t.start();
        return new LockWaitWatch(t);
    }

    private static void watch(JdbcUrl url, int waiter, String job, String giveUp, Consumer<String> say) {
        try {
            Thread.sleep(FIRST.toMillis());
            try (Connection c = PgConnections.open(url, "source"); PreparedStatement q = c.prepareStatement(WAIT)) {
                q.setInt(1, waiter);
                boolean first = true;
                while (!Thread.currentThread().isInterrupted()) {
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            say.accept(job + ": waiting " + rs.getLong(2) + " s for a lock on " + rs.getString(1)
                                    + " held by " + (rs.getString(3) == null ? "another session" : "pid " + rs.getString(3))
                                    + (first ? "; " + giveUp : ""));
                            first = false;
                        }
                    }
                    Thread.sleep(AGAIN.toMillis());
                }
            }
        } catch (InterruptedException e) {
            // the lock came, or the job ended
        } catch (SQLException | RuntimeException e) {
            // a watch that cannot watch says nothing: the job's own outcome is what counts
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    /** The process id of {@code c}'s backend. */
    public static int backendPid(Connection c) throws SQLException {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

package io.drkit.core.catalog;

import io.drkit.core.repository.RepositoryIdentity;

/**
 * The name of a {@link CatalogLock}: the only place lock names are built, so that every command
 * that must not overlap another names the same lock in the same words.
 *
 * @param name what is locked, as shown to whoever finds the lock taken
 */
public record LockName(String name) {

    /** Backups, prune and {@code init --reset-slot} of one repository: one at a time. */
    public static LockName backup(RepositoryIdentity repository) {
        return new LockName("backup " + repository.uri());
    }

    /** Restores into one target database: one at a time. */
    public static LockName restore(String target) {
        return new LockName("restore " + target);
    }

    /**
     * The follower of one standby database: {@code standby --follow} holds it while it applies points,
     * and {@code standby --promote} takes it once the follower has stopped.
     */
    public static LockName standby(String target) {
        return new LockName("standby " + target);
    }

    /** Publishing a report into one repository, so that the reports' hash chain never forks (a transaction's lock). */
    public static LockName reports(RepositoryIdentity repository) {
        return new LockName("drkit reports " + repository.uri());
    }

    /** One scheduled job's run, across every daemon sharing the catalog. */
    public static LockName schedule(String job) {
        return new LockName("schedule " + job);
    }

    @Override
    public String toString() {
        return name;
    }
}

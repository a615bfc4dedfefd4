package io.drkit.restore;

/**
 * Told when a staged restore's database starts serving (a drill starts its traffic and checks then).
 * It runs on the restore's thread while stage 2 waits: it should start its work and return. An
 * exception it throws fails the restore.
 */
@FunctionalInterface
public interface ServingListener {

    void serving(ServingMoment moment) throws Exception;
}

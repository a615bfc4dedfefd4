package io.drkit.core.store;

/**
 * A process for {@link ObjectStoreContract} to kill: it opens the store a repository URI names (S3
 * credentials and region from the environment, as drkit reads them), begins a write of
 * {@link ObjectStoreContract#LARGE} bytes, flushes it and waits, so that the test can end it with
 * SIGKILL in the middle of the write.
 *
 * <p>Arguments: the repository URI, the S3 endpoint (or {@code -}), the key.
 */
public final class WriterToKill {

    private WriterToKill() {}

    public static void main(String[] args) throws Exception {
        ObjectStore store = ObjectStores.open(args[0], args[1].equals("-") ? null : args[1], 2);
        ObjectWriter w = store.create(args[2]);
        w.write(ObjectStoreContract.random(ObjectStoreContract.LARGE, 3));
        w.flush();
        System.out.println("written, not committed");
        Thread.sleep(Long.MAX_VALUE);
    }
}

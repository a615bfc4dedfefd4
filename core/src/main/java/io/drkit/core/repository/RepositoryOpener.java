package io.drkit.core.repository;

import java.nio.file.Path;

import org.springframework.stereotype.Component;

import io.drkit.core.codec.RepositoryKey;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.store.ObjectStore;
import io.drkit.core.store.ObjectStores;

/** Opens the configured repository ({@code DRKIT_REPOSITORY}) with the configured key. */
@Component
public class RepositoryOpener {

    private final RuntimeSettings settings;

    public RepositoryOpener(RuntimeSettings settings) {
        this.settings = settings;
    }

    public ObjectStore store(int parallelism) {
        return ObjectStores.open(settings.repository(), settings.s3Endpoint(), parallelism, settings.properties().s3().policy());
    }

    /** The configured key, or null when {@code DRKIT_ENCRYPTION_KEY_FILE} is not set. */
    public RepositoryKey key() {
        Path file = settings.encryptionKeyFile();
        return file == null ? null : RepositoryKey.load(file);
    }

    /**
     * The configured repository's one name, without opening it: for what must be named before (or
     * without) opening the store, such as a lock or the source's slots.
     */
    public RepositoryIdentity identity() {
        return RepositoryIdentity.of(settings.repository());
    }

    /**
     * Opens the repository a run started by another process names, as a worker does: refused when it is
     * not this process's own, since a worker needs the manager's configuration.
     *
     * @param wanted the repository the run names (any spelling of it)
     * @param run how the refusal names the run and what it does there ("point … goes to")
     */
    public PointRepository openNamed(String wanted, int parallelism, String run) {
        RepositoryIdentity identity = identity();
        if (!identity.spellings().contains(wanted)) {
            throw DrkitException.usage(run + " repository " + wanted + ", this worker's is " + identity.uri()
                    + ": give the worker the manager's configuration");
        }
        return open(parallelism);
    }

    /** The caller closes the repository (try-with-resources), which closes its store. */
    public PointRepository open(int parallelism) {
        RepositoryKey key = key();
        RepositoryIdentity identity = identity();
        ObjectStore store = store(parallelism);
        try {
            return PointRepository.open(identity, store, key);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}

package io.drkit.cli.repository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.drkit.cli.Output;
import io.drkit.codec.RepositoryKey;
import io.drkit.error.DrkitException;
import io.drkit.repository.PointRepository;
import io.drkit.repository.RepositoryOpener;
import io.drkit.config.RuntimeSettings;
import io.drkit.store.ObjectLockPolicy;
import io.drkit.store.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the repository of DRKIT_REPOSITORY (bucket or directory, and its drkit.json),",
            "or check an existing one against the configured encryption key."})
public class InitCommand implements Callable<Integer> {

    @Mixin
    Output output;

    @Option(names = "--generate-key", paramLabel = "FILE",
            description = "Write a new random 256-bit key to FILE (mode 600) and encrypt the repository with it."
                    + " Keep a copy somewhere safe: without it no point can be restored.")
    Path generateKey;

    private final RepositoryOpener opener;
    private final RuntimeSettings settings;

    public InitCommand(RepositoryOpener opener, RuntimeSettings settings) {
        this.opener = opener;
        this.settings = settings;
    }

    @Override
    public Integer call() {
        RepositoryKey key;
        if (generateKey != null) {
            if (Files.exists(generateKey)) {
                throw DrkitException.usage("--generate-key: " + generateKey + " already exists; refusing to overwrite a key");
            }
            key = RepositoryKey.generate(generateKey);
        } else {
            key = opener.key();
        }
        ObjectLockPolicy locking = new ObjectLockPolicy(settings.properties().objectLock());
        try (ObjectStore store = opener.store(1)) {
            boolean containerCreated = store.createContainer(locking.enabled());
            locking.requireSupport(store);
            boolean created = PointRepository.init(store, key);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("repository", store.uri());
            doc.put("created", created);
            doc.put("containerCreated", containerCreated);
            doc.put("encrypted", key != null);
            doc.put("keyId", key == null ? null : key.id());
            doc.put("objectLock", locking.enabled());
            String encryption = key == null ? "not encrypted" : "encrypted with key id " + key.id();
            output.result(doc, created
                    ? "initialised repository " + store.uri() + " (" + encryption + ")"
                    : "repository " + store.uri() + " already initialised (" + encryption + "); nothing changed");
        }
        return 0;
    }
}

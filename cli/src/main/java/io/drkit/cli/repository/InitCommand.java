package io.drkit.cli.repository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.core.catalog.Catalog;
import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.catalog.LockName;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.changes.ChangeSlots;
import io.drkit.cli.Output;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.codec.RepositoryKey;
import io.drkit.core.error.DrkitException;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.store.ObjectLockPolicy;
import io.drkit.core.store.ObjectStore;
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

    @Option(names = "--reset-slot", description = {"Drop this repository's replication slots on DRKIT_SOURCE_URL, so",
        "that the source can recycle the WAL they hold back. The chain ends there: incremental",
        "backups refuse until the next full backup starts a new chain with a new slot."})
    boolean resetSlot;

    private final RepositoryOpener opener;
    private final RuntimeSettings settings;
    private final ObjectProvider<Catalog> catalog;

    public InitCommand(RepositoryOpener opener, RuntimeSettings settings, ObjectProvider<Catalog> catalog) {
        this.opener = opener;
        this.settings = settings;
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        if (resetSlot) {
            return resetSlots();
        }
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
            InitDocument doc = new InitDocument(store.uri(), created, containerCreated, key != null,
                    key == null ? null : key.id(), locking.enabled());
            String encryption = key == null ? "not encrypted" : "encrypted with key id " + key.id();
            output.result(doc, created
                    ? "initialised repository " + store.uri() + " (" + encryption + ")"
                    : "repository " + store.uri() + " already initialised (" + encryption + "); nothing changed");
        }
        return 0;
    }

    /** Under the repository's backup lock, so that no incremental is reading a slot as it goes. */
    private int resetSlots() {
        RepositoryIdentity repository = RepositoryIdentity.of(settings.repository());
        JdbcUrl source = settings.sourceUrl();
        List<String> dropped;
        try (CatalogLock lock = catalog.getObject().lock(LockName.backup(repository), "drkit init --reset-slot");
                Connection c = PgConnections.open(source, "source")) {
            dropped = ChangeSlots.dropOfRepository(c, repository, Set.of());
            List<String> inUse = ChangeSlots.ofRepository(c, repository).stream().map(ChangeSlots.SlotState::name).toList();
            if (!inUse.isEmpty()) {
                throw DrkitException.failed("the replication slot " + String.join(", ", inUse) + " is being read by "
                        + "another session, so it was not dropped" + (dropped.isEmpty() ? "" : " (dropped: "
                        + String.join(", ", dropped) + ")") + "; stop that reader and run again", null);
            }
        } catch (SQLException e) {
            throw PgConnections.cannotConnect(source, "source", e);
        }
        output.result(new ResetSlotDocument(repository.uri(), dropped), dropped.isEmpty() ? "no replication slot of " + repository + " on the source; nothing changed"
                : "dropped replication slot " + String.join(", ", dropped) + ": the source may recycle the WAL it held. "
                        + "The chain ends here; the next full backup starts a new one with a new slot");
        return 0;
    }
}

package io.drkit.restore;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.drkit.core.batch.RunKind;
import io.drkit.core.codec.Codec;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.StoredFile;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.repository.PointFiles;
import io.drkit.core.repository.PointRepository;

/**
 * What a running restore holds that cannot go into job parameters: the point's manifest, the
 * repository with its key, the target, the tables chosen.
 *
 * @param tables labels ({@code schema.table}) of the tables whose rows are loaded
 * @param skippedForeignKeys foreign keys left out because they point at a table not restored
 * @param point the point to restore; for an incremental point, its chain as one (see PointChain#effective)
 * @param until apply only the changes of transactions that committed at or before it; null for all
 * @param access what of the point's access record comes back
 * @param warnings what the restore could not give back as the point has it (a role that exists with
 *     other attributes, a membership left as it is), one line each
 * @param staging one stage, or two around the serving moment
 */
public record ActiveRestore(String runId, Manifest point, PointRepository repository, Codec codec,
        RestoreTarget target, Set<String> tables, DrkitProperties.Restore settings, RestoreMeter meter,
        List<String> skippedForeignKeys, java.time.Instant until, AccessOptions access, List<String> warnings,
        Staging staging) {

    /** Named by the job parameter {@code runId}: each restore run is a job instance of its own. */
    static final RunKind<ActiveRestore> RUN = new RunKind<>(ActiveRestore.class, RestoreJobConfiguration.RUN_ID,
            id -> "restore run " + id + " is not running in this process");

    public ActiveRestore {
        skippedForeignKeys = new CopyOnWriteArrayList<>(skippedForeignKeys);
        warnings = new CopyOnWriteArrayList<>(warnings);
    }

    int parallelism() {
        return settings.effectiveParallelism();
    }

    boolean encrypted() {
        return point.codec().encryption() != null;
    }

    List<TableEntry> restoredTables() {
        return point.tables().stream().filter(t -> tables.contains(label(t))).toList();
    }

    static String label(TableEntry t) {
        return t.schema() + "." + t.name();
    }

    /** A schema file of the point, checked against its SHA-256, decoded. */
    String schemaFile(StoredFile file) throws IOException {
        return PointFiles.text(repository, codec, point, file);
    }
}

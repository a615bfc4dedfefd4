package io.drkit.restore;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.ChangePart;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.DumpScript;
import io.drkit.core.repository.PointFiles;
import io.drkit.core.repository.PointRepository;

/**
 * One incremental point's changes applied onto a database that already stands at its parent (a
 * standby), with the restore's own {@link ChangeApplier}: every table of the point in the caller's
 * transaction, so that the caller commits the point whole, with its own record of it.
 */
public final class ChangeReplay {

    private final PointRepository repository;
    private final Manifest point;
    private final ActiveRestore run;

    public ChangeReplay(PointRepository repository, Manifest point) {
        this.repository = repository;
        this.point = point;
        // the applier reads only the repository, its codec and the point from a run
        this.run = new ActiveRestore("replay " + point.pointId(), point, repository,
                new Codec(Compression.of(point.codec().compression()), 1, repository.key()), null, java.util.Set.of(),
                null, null, List.of(), null, null, List.of(), Staging.ONE_STAGE);
    }

    /**
     * Applies the point's change parts, table by table, on {@code c} without committing.
     *
     * @return the tables the point touched ({@code schema.table} → change rows applied), in the point's order
     */
    public Map<TableEntry, Long> apply(Connection c) throws Exception {
        Map<String, List<ChangePart>> byTable = new LinkedHashMap<>();
        if (point.changes() != null) {
            for (ChangePart p : point.changes().parts()) {
                byTable.computeIfAbsent(p.table(), t -> new ArrayList<>()).add(p);
            }
        }
        Map<TableEntry, Long> touched = new LinkedHashMap<>();
        for (TableEntry table : point.tables()) {
            List<ChangePart> parts = byTable.get(ActiveRestore.label(table));
            if (parts != null) {
                touched.put(table, ChangeApplier.apply(c, run, table, parts, null));
            }
        }
        return touched;
    }

    /** Sets sequences and identity columns to the point's positions, on {@code c} without committing. */
    public void sequences(Connection c) throws Exception {
        String script = sequenceScript();
        if (!script.isBlank()) {
            try (Statement s = c.createStatement()) {
                s.execute(script);
            }
        }
    }

    private String sequenceScript() throws IOException {
        return DumpScript.parse(PointFiles.text(repository, run.codec(), point, point.schema().sequences())).sql();
    }
}

package io.drkit.cli.backup;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.backup.BackupResult;
import io.drkit.metrics.RunFigures;
import io.drkit.metrics.RunFigures.Figure;
import io.drkit.backup.BackupService;
import io.drkit.cli.Output;
import io.drkit.cli.repository.Sizes;
import io.drkit.error.DrkitException;
import io.drkit.manifest.Manifest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Take a recovery point of DRKIT_SOURCE_URL into DRKIT_REPOSITORY.",
            "A full point is one consistent snapshot of every table, checksummed, compressed and",
            "(with DRKIT_ENCRYPTION_KEY_FILE) encrypted; it exists once its manifest is written."})
public class BackupCommand implements Callable<Integer> {

    @Mixin
    Output output;

    @ArgGroup(exclusive = true)
    Kind kind;

    static class Kind {
        @Option(names = "--full", description = "A full point (the default).")
        boolean full;

        @Option(names = "--incremental", description = "Changes since the previous point.")
        boolean incremental;
    }

    /** Looked up when the command runs: the job machinery needs the catalog, which --help must not. */
    private final ObjectProvider<BackupService> service;
    private final RunFigures figures;

    public BackupCommand(ObjectProvider<BackupService> service, RunFigures figures) {
        this.service = service;
        this.figures = figures;
    }

    @Override
    public Integer call() {
        if (kind != null && kind.incremental) {
            throw DrkitException.usage("incremental backups are not available in this version; take --full points");
        }
        BackupResult r = service.getObject().full(output.progress(), line -> System.err.println(line));
        figures.set(Figure.ROWS, r.manifest().rows()).set(Figure.BYTES_READ, r.manifest().copyBytes())
                .set(Figure.BYTES_STORED, r.manifest().storedBytes()).label("point", r.manifest().pointId());
        output.result(document(r), summary(r));
        return 0;
    }

    /** What scripts read from {@code backup --json}. */
    public static Map<String, Object> document(BackupResult r) {
        Manifest m = r.manifest();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("pointId", m.pointId());
        doc.put("kind", m.kind());
        doc.put("time", m.time().toString());
        doc.put("tables", m.tables().size());
        doc.put("parts", r.parts());
        doc.put("rows", m.rows());
        doc.put("copyBytes", m.copyBytes());
        doc.put("storedBytes", m.storedBytes());
        doc.put("ratio", Math.round(r.ratio() * 100) / 100.0);
        doc.put("seconds", r.duration().toMillis() / 1000.0);
        doc.put("attempts", r.attempts());
        doc.put("uploads", r.uploads());
        doc.put("removedPoints", r.removedPoints());
        doc.put("encrypted", m.codec().encryption() != null);
        return doc;
    }

    /** The summary line people read: bytes in, bytes stored, ratio, duration. */
    public static String summary(BackupResult r) {
        Manifest m = r.manifest();
        return String.format(Locale.ROOT,
                "point %s: %d tables, %d parts, %d rows; %s read, %s stored (%.1fx smaller) in %.1f s%s",
                m.pointId(), m.tables().size(), r.parts(), m.rows(), Sizes.human(m.copyBytes()),
                Sizes.human(m.storedBytes()), r.ratio(), r.duration().toMillis() / 1000.0,
                r.attempts() > 1 ? " (" + r.attempts() + " attempts, finished by restart)" : "");
    }
}

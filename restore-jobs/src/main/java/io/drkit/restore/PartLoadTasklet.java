package io.drkit.restore;

import java.io.InputStream;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.postgresql.PGConnection;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.PartRun;
import io.drkit.core.digest.VerifiedInputStream;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest.PartEntry;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.manifest.Tier;
import io.drkit.core.pg.Identifiers;

/**
 * One part: fetched, checked against its SHA-256 as it streams, decrypted, decompressed and loaded
 * with COPY, in one transaction with its ledger record. A table stored as one part is truncated
 * first in that transaction so that COPY can write its rows frozen (no later vacuum rewrites them).
 */
@Component
class PartLoadTasklet extends RestoreTasklet {

    static final String PART = "part";
    private static final String ROWS = "drkit.loaded.rows";
    private static final String FETCH_NANOS = "drkit.loaded.fetchNanos";
    private static final String DECODE_NANOS = "drkit.loaded.decodeNanos";
    private static final String LOAD_NANOS = "drkit.loaded.loadNanos";
    private static final String STORED_BYTES = "drkit.loaded.storedBytes";

    /**
     * Adds what a part loaded on a worker process to this process's meter; a part the ledger found
     * loaded already, and one this process ran itself (metered as it ran), add nothing.
     */
    static void meterRemote(StepExecution partition, RestoreMeter meter) {
        ExecutionContext c = partition.getExecutionContext();
        if (PartRun.remote(partition) && c.containsKey(ROWS)) {
            meter.part(c.getLong(FETCH_NANOS), c.getLong(DECODE_NANOS), c.getLong(LOAD_NANOS), c.getLong(STORED_BYTES),
                    c.getLong(ROWS));
        }
    }

    private final RestoreFailPoints failPoints;
    private final AtomicInteger loadedHere = new AtomicInteger();

    PartLoadTasklet(LiveRuns runs, RestoreFailPoints failPoints) {
        super(runs);
        this.failPoints = failPoints;
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        failPoints.holdPart();
        String key = chunk.getStepContext().getStepExecution().getExecutionContext().getString(PART);
        TableEntry table = r.point().tables().stream().filter(t -> t.parts().stream().anyMatch(p -> p.key().equals(key)))
                .findFirst().orElseThrow(() -> new IllegalStateException("part " + key + " is not in the point"));
        PartEntry part = table.parts().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
        long[] figures = new long[4]; // rows, then fetch, decode and load nanoseconds
        boolean loaded = once(r, key, c -> {
            String qualified = Identifiers.quote(table.schema()) + "." + Identifiers.quote(table.name());
            // never truncate a table that serves: applications may have written to it
            boolean freeze = r.settings().freeze() && table.parts().size() == 1
                    && !(r.staging().staged() && part.tier() == Tier.COLD);
            if (freeze) {
                try (Statement s = c.createStatement()) {
                    s.execute("TRUNCATE ONLY " + qualified);
                }
            }
            long rows;
            long fetch;
            long decodeAndFetch;
            long started = System.nanoTime();
            try (InputStream raw = r.repository().store().open(key)) {
                TimedInputStream fetched = new TimedInputStream(raw);
                VerifiedInputStream verified = new VerifiedInputStream(fetched, part.bytes(), part.sha256(), key);
                TimedInputStream plain = new TimedInputStream(r.codec().decode(verified, r.encrypted(), key));
                rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + qualified + " ("
                        + Identifiers.quoteAll(table.columns()) + ") FROM STDIN" + (freeze ? " (FREEZE)" : ""),
                        plain, 1 << 16);
                verified.finish();
                fetch = fetched.nanos();
                decodeAndFetch = plain.nanos();
            }
            long total = System.nanoTime() - started;
            if (rows != part.rows()) {
                throw DrkitException.integrity(key + " loaded " + rows + " rows, but its manifest gives " + part.rows());
            }
            figures[0] = rows;
            figures[1] = fetch;
            figures[2] = decodeAndFetch - fetch;
            figures[3] = total - decodeAndFetch;
        });
        if (!loaded) {
            return;
        }
        r.meter().part(figures[1], figures[2], figures[3], part.bytes(), figures[0]);
        // for the manager, when this part ran on a worker process: its meter is there, not here
        ExecutionContext context = chunk.getStepContext().getStepExecution().getExecutionContext();
        context.putLong(ROWS, figures[0]);
        context.putLong(FETCH_NANOS, figures[1]);
        context.putLong(DECODE_NANOS, figures[2]);
        context.putLong(LOAD_NANOS, figures[3]);
        context.putLong(STORED_BYTES, part.bytes());
        contribution.incrementWriteCount(figures[0]);
        failPoints.halt(failPoints.haltAfterParts() > 0 && loadedHere.incrementAndGet() >= failPoints.haltAfterParts());
    }
}

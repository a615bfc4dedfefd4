package io.drkit.backup;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.manifest.Manifest.SchemaFiles;
import io.drkit.core.manifest.Manifest.StoredFile;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.SchemaDump;
import io.drkit.core.pg.SchemaFingerprint;
import io.drkit.core.pg.SequenceDump;
import io.drkit.core.repository.PointLayout;

/**
 * The point's DDL through {@code pg_dump --schema-only}, its sequences' positions, its tables'
 * fingerprint and its access record (see AccessCapture), all in the point's snapshot.
 */
@Component
class SchemaTasklet implements Tasklet {

    private final LiveRuns runs;
    private final BackupFailPoints failPoints;

    SchemaTasklet(LiveRuns runs, BackupFailPoints failPoints) {
        this.runs = runs;
        this.failPoints = failPoints;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws IOException {
        failPoints.halt(failPoints.haltAfterSnapshot());
        ActiveBackup b = runs.get(ActiveBackup.RUN, chunk);
        long started = System.nanoTime();
        SchemaFiles files = new SchemaFiles(dump(b, SchemaDump.Section.PRE_DATA), dump(b, SchemaDump.Section.POST_DATA),
                section(b, "sequences", out -> {
                    try {
                        SequenceDump.write(b.snapshot().connection(), b.settings().schemas(), out);
                    } catch (SQLException e) {
                        throw DrkitException.failed("reading the source's sequences failed: "
                                + JdbcUrl.redact(e.getMessage()), e);
                    }
                }), fingerprint(b));
        AccessCapture.Captured access = AccessCapture.capture(b);
        // stored with the schema, in the same step: a point whose schema is stored has its access record too
        // the step's context, not the job's, which Spring Batch reads with every part (see SnapshotTasklet)
        JobContexts.put(JobContexts.step(chunk), JobContexts.ACCESS, access.access());
        JobContexts.put(JobContexts.step(chunk), JobContexts.WARNINGS, access.warnings());
        JobContexts.put(JobContexts.step(chunk), JobContexts.SCHEMA, files);
        JobContexts.step(chunk).putLong("schemaMillis", (System.nanoTime() - started) / 1_000_000);
        return RepeatStatus.FINISHED;
    }

    private static Map<String, String> fingerprint(ActiveBackup b) {
        try {
            return SchemaFingerprint.of(b.snapshot().connection(), b.settings().schemas());
        } catch (SQLException e) {
            throw DrkitException.failed("reading the source's table definitions failed: " + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    private static StoredFile dump(ActiveBackup b, SchemaDump.Section section) throws IOException {
        return section(b, section.label(),
                out -> SchemaDump.dump(b.source(), b.plan().snapshotId(), section, b.settings().schemas(), out));
    }

    private static StoredFile section(ActiveBackup b, String name, EncodedUpload.Body body) throws IOException {
        return upload(b, PointLayout.schema(b.pointId(), name, b.codec().suffix()), body);
    }

    static StoredFile upload(ActiveBackup b, String key, EncodedUpload.Body body) throws IOException {
        EncodedUpload.Result r = EncodedUpload.write(b.repository().store(), key, b.codec(), body, bytes -> {});
        return new StoredFile(key, r.stored().bytes(), r.stored().sha256());
    }
}

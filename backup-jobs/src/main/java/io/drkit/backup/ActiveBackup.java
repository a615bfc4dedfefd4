package io.drkit.backup;

import io.drkit.backup.pace.SourcePace;
import io.drkit.core.batch.RunKind;
import io.drkit.core.codec.Codec;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.ExportedSnapshot;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryIdentity;

/**
 * What a running backup holds that cannot go into job parameters: connections, the repository with
 * its key, the live snapshot. Lives in this JVM only, which is why a point whose process died cannot
 * be finished by another one: its snapshot died with it.
 */
public final class ActiveBackup {

    /** Named by the job parameter {@code pointId}: a restarted attempt is the same run. */
    static final RunKind<ActiveBackup> RUN = new RunKind<>(ActiveBackup.class, JobContexts.POINT_ID,
            id -> "point " + id + " is not being backed up by this process; its snapshot is gone, so it cannot be finished");

    private final PointId pointId;
    private final JdbcUrl source;
    private final PointRepository repository;
    private final Codec codec;
    private final DrkitProperties.Backup settings;
    private final BackupMeter meter;
    private final PlanListener planListener;
    private final RepositoryIdentity chainRepository;
    private final SourcePace pace;
    private volatile ExportedSnapshot snapshot;
    private volatile BackupPlan plan;

    /** @param chainRepository the repository when the point starts a chain of incrementals, else null */
    public ActiveBackup(PointId pointId, JdbcUrl source, PointRepository repository, Codec codec,
            DrkitProperties.Backup settings, BackupMeter meter, RepositoryIdentity chainRepository, SourcePace pace,
            PlanListener planListener) {
        this.pace = pace;
        this.planListener = planListener;
        this.chainRepository = chainRepository;
        this.pointId = pointId;
        this.source = source;
        this.repository = repository;
        this.codec = codec;
        this.settings = settings;
        this.meter = meter;
    }

    public PointId pointId() {
        return pointId;
    }

    public JdbcUrl source() {
        return source;
    }

    public PointRepository repository() {
        return repository;
    }

    public Codec codec() {
        return codec;
    }

    public DrkitProperties.Backup settings() {
        return settings;
    }

    public BackupMeter meter() {
        return meter;
    }

    /** The pace the data step's workers read the source at, shared by all of them. */
    public SourcePace pace() {
        return pace;
    }

    /** The repository's URI when this point starts a chain of incrementals, else null. */
    public RepositoryIdentity chainRepository() {
        return chainRepository;
    }

    public ExportedSnapshot snapshot() {
        return snapshot;
    }

    void snapshot(ExportedSnapshot s) {
        this.snapshot = s;
    }

    public BackupPlan plan() {
        return plan;
    }

    void plan(BackupPlan p) {
        this.plan = p;
        planListener.planned(p);
    }

    /** Told once the parts are known, so progress can show a total. */
    public interface PlanListener {
        void planned(BackupPlan plan);
    }
}

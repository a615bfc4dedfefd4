package io.drkit.backup;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import io.drkit.backup.pace.SourcePace;
import io.drkit.core.batch.RunAttacher;
import io.drkit.core.batch.RunKind;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.PointId;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;

/**
 * A full backup started by a manager on another host, as a worker process sees it: the plan its
 * snapshot step left in the job repository, this process's own connection to the source (which
 * imports the manager's exported snapshot for each part), repository and key. Its pace and meter are
 * this worker's own.
 */
@Component
class AttachedBackups implements RunAttacher<ActiveBackup> {

    private final JobRepository jobRepository;
    private final RuntimeSettings settings;
    private final RepositoryOpener opener;

    AttachedBackups(JobRepository jobRepository, RuntimeSettings settings, RepositoryOpener opener) {
        this.jobRepository = jobRepository;
        this.settings = settings;
        this.opener = opener;
    }

    @Override
    public RunKind<ActiveBackup> kind() {
        return ActiveBackup.RUN;
    }

    @Override
    public ActiveBackup attach(StepExecution step) {
        String pointId = step.getJobExecution().getJobParameters().getString(JobContexts.POINT_ID);
        BackupPlan plan = JobContexts.plan(jobRepository, step.getJobExecution().getJobInstance());
        if (plan == null) {
            throw DrkitException.failed("point " + pointId + " has no plan in the job repository yet", null);
        }
        DrkitProperties.Backup cfg = settings.properties().backup();
        if (!plan.codec().compression().equals(Compression.of(cfg.compression()).label())) {
            throw DrkitException.usage("point " + pointId + " is compressed with " + plan.codec().compression()
                    + ", this worker with " + cfg.compression() + ": give the worker the manager's configuration");
        }
        PointRepository repository = opener.openNamed(step.getJobExecution().getJobParameters()
                .getString(JobContexts.REPOSITORY), cfg.effectiveParallelism(), "point " + pointId + " goes to");
        ActiveBackup backup = new ActiveBackup(PointId.of(pointId), settings.sourceUrl(), repository,
                new Codec(Compression.of(cfg.compression()), cfg.compressionLevel(), repository.key()), cfg,
                new BackupMeter(), null, new SourcePace(cfg.maxRate() == null ? null : cfg.maxRate().toBytes()),
                p -> {});
        backup.plan(plan);
        return backup;
    }

    @Override
    public void detach(ActiveBackup backup) {
        backup.repository().close();
    }
}

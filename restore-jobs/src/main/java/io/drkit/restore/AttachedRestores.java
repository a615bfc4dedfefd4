package io.drkit.restore;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.RunAttacher;
import io.drkit.core.batch.RunKind;
import io.drkit.core.codec.Codec;
import io.drkit.core.codec.Compression;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;

/**
 * A restore into a scratch database started by a manager on another host, as a worker process sees
 * it: the point read from this worker's repository (an incremental one as its chain), the scratch
 * database on this worker's scratch server, which must be the manager's. Loads go through the
 * target's ledger, so a part given again after a worker died is loaded once.
 */
@Component
class AttachedRestores implements RunAttacher<ActiveRestore> {

    private final RuntimeSettings settings;
    private final RepositoryOpener opener;

    AttachedRestores(RuntimeSettings settings, RepositoryOpener opener) {
        this.settings = settings;
        this.opener = opener;
    }

    @Override
    public RunKind<ActiveRestore> kind() {
        return ActiveRestore.RUN;
    }

    @Override
    public ActiveRestore attach(StepExecution step) {
        JobParameters parameters = step.getJobExecution().getJobParameters();
        String runId = parameters.getString(RestoreJobConfiguration.RUN_ID);
        String target = parameters.getString(RestoreJobConfiguration.TARGET);
        PointId pointId = PointId.of(parameters.getString("pointId"));
        JdbcUrl scratch = settings.scratchUrl();
        if (!TargetPreparer.scratchTarget(scratch, pointId).equals(target)) {
            throw DrkitException.usage("restore run " + runId + " loads into " + target + ", not a scratch database on "
                    + "this worker's scratch server " + scratch.host() + ":" + scratch.port()
                    + ": give the worker the manager's DRKIT_SCRATCH_URL");
        }
        DrkitProperties.Restore cfg = settings.properties().restore();
        PointRepository repository = opener.open(cfg.effectiveParallelism());
        try {
            Manifest point = PointChooser.chosen(repository, repository.manifest(pointId)).point();
            boolean staged = RestoreJobConfiguration.STAGED_JOB.equals(step.getJobExecution().getJobInstance().getJobName());
            Set<String> tables = point.tables().stream().map(ActiveRestore::label).collect(Collectors.toSet());
            return new ActiveRestore(runId, point, repository,
                    new Codec(Compression.of(point.codec().compression()), 1, repository.key()),
                    new RestoreTarget(scratch.withDatabase(TargetPreparer.scratchName(pointId)), scratch, true, true),
                    tables, cfg, new RestoreMeter(), List.of(), null, null, List.of(),
                    staged ? new Staging(true, null, null, line -> { }) : Staging.ONE_STAGE);
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    @Override
    public void detach(ActiveRestore restore) {
        restore.repository().close();
    }
}

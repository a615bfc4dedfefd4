package io.drkit.verify;

import java.util.List;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.RunAttacher;
import io.drkit.core.batch.RunKind;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;

/**
 * An object verification started by a manager on another host, as a worker process sees it: this
 * worker's repository (which must be the manager's) and key, each point's codec read from its
 * manifest when a group names it.
 */
@Component
class AttachedVerifications implements RunAttacher<ActiveVerification> {

    private final RuntimeSettings settings;
    private final RepositoryOpener opener;

    AttachedVerifications(RuntimeSettings settings, RepositoryOpener opener) {
        this.settings = settings;
        this.opener = opener;
    }

    @Override
    public RunKind<ActiveVerification> kind() {
        return ActiveVerification.RUN;
    }

    @Override
    public ActiveVerification attach(StepExecution step) {
        JobParameters parameters = step.getJobExecution().getJobParameters();
        int parallelism = settings.properties().backup().effectiveParallelism();
        PointRepository repository = opener.openNamed(parameters.getString(ObjectVerifyService.REPOSITORY), parallelism,
                "verification run " + parameters.getString(ActiveVerification.RUN_ID) + " reads");
        return new ActiveVerification(parameters.getString(ActiveVerification.RUN_ID), repository,
                id -> repository.manifest(id).codec(), List.of(), ObjectVerifyService.storeDown(parallelism));
    }

    @Override
    public void detach(ActiveVerification verification) {
        verification.repository().close();
    }
}

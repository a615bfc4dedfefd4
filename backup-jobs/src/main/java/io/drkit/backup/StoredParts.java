package io.drkit.backup;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import io.drkit.manifest.Manifest.PartEntry;

/**
 * What the job repository knows of a part: its result once a worker stored and checked it, from
 * whichever execution of the job did that.
 */
final class StoredParts {

    private StoredParts() {}

    /** @return the stored part, or null when no execution of the job finished it */
    static PartEntry find(JobRepository jobRepository, JobInstance instance, PlannedPart part) {
        StepExecution worker = jobRepository.getLastStepExecution(instance,
                BackupStep.EXPORT_PART.stepName() + ":" + part.name());
        return worker == null || worker.getStatus() != BatchStatus.COMPLETED ? null
                : JobContexts.get(worker.getExecutionContext(), JobContexts.RESULT, PartEntry.class);
    }

    /** True when everything that needs the snapshot is stored, so the point can be finished without it. */
    static boolean allStored(JobRepository jobRepository, JobInstance instance, BackupPlan plan, boolean schemaStored) {
        return plan != null && schemaStored
                && plan.parts().stream().allMatch(p -> find(jobRepository, instance, p) != null);
    }
}

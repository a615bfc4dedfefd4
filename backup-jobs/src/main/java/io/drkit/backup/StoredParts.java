package io.drkit.backup;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import io.drkit.core.manifest.Manifest.PartEntry;

/**
 * What the job repository knows of a part: its result once a worker stored and checked it, from
 * whichever execution of the job did that.
 */
final class StoredParts {

    private StoredParts() {}

    /** @return the stored part (a split part's hot half), or null when no execution of the job finished it */
    static PartEntry find(JobRepository jobRepository, JobInstance instance, PlannedPart part) {
        return find(jobRepository, instance, part, JobContexts.RESULT);
    }

    /** @return a split part's cold half, or null when no execution of the job finished the part */
    static PartEntry findCold(JobRepository jobRepository, JobInstance instance, PlannedPart part) {
        return find(jobRepository, instance, part, JobContexts.RESULT_COLD);
    }

    private static PartEntry find(JobRepository jobRepository, JobInstance instance, PlannedPart part, String key) {
        StepExecution worker = jobRepository.getLastStepExecution(instance,
                BackupStep.EXPORT_PART.stepName() + ":" + part.name());
        return worker == null || worker.getStatus() != BatchStatus.COMPLETED ? null
                : JobContexts.get(worker.getExecutionContext(), key, PartEntry.class);
    }

    /** True when everything that needs the snapshot is stored, so the point can be finished without it. */
    static boolean allStored(JobRepository jobRepository, JobInstance instance, BackupPlan plan, boolean schemaStored) {
        return plan != null && schemaStored
                && plan.parts().stream().allMatch(p -> find(jobRepository, instance, p) != null);
    }
}

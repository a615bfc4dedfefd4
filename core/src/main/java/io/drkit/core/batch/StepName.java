package io.drkit.core.batch;

/**
 * A step of a job, named once: each job's steps are an enum that implements this, read both by the
 * job's configuration and by the services that hand work to the steps.
 */
public interface StepName {

    /** The step's name in the job repository (and in the phases a result reports). */
    String stepName();
}

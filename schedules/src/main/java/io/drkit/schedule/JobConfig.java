package io.drkit.schedule;

import java.nio.file.Path;

/**
 * The configuration file every scheduled run reads (business checks, settings): the file drkit was
 * given when the schedules were rendered, passed on to each job.
 *
 * @param file its absolute path on the host that runs the jobs
 * @param content its text, for the Kubernetes ConfigMap that carries it into the pods
 */
public record JobConfig(Path file, String content) {

    /** Where the pods find it: the ConfigMap drkit-config mounted as a directory. */
    static final String POD_DIRECTORY = "/etc/drkit/config";

    String podPath() {
        return POD_DIRECTORY + "/" + file.getFileName();
    }
}

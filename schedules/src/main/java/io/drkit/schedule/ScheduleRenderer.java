package io.drkit.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;

/**
 * The configured schedules as the files each scheduler takes: a crontab, systemd service and timer
 * pairs, or Kubernetes CronJobs. The paths are those of the Debian package: drkit installed as
 * {@value #DRKIT}, its settings (DRKIT_*, AWS_*) in {@value #ENV_FILE} readable by its user and root
 * only; the CronJobs run the image the build makes. A configuration file drkit was given when
 * rendering is passed on to every job.
 */
public final class ScheduleRenderer {

    static final String DRKIT = "/usr/bin/drkit";
    static final String ENV_FILE = "/etc/drkit/drkit.env";
    /** How long a stopping worker may take to finish the parts in hand. */
    static final int WORKER_GRACE_SECONDS = 600;

    private ScheduleRenderer() {}

    public static List<ScheduleFile> render(String format, List<CronSchedule> schedules) {
        return render(format, schedules, Optional.empty());
    }

    public static List<ScheduleFile> render(String format, List<CronSchedule> schedules, Optional<JobConfig> config) {
        return render(format, schedules, config, 0);
    }

    /** @param workers {@code drkit worker} processes to run beside the jobs (remote workers); 0 for none */
    public static List<ScheduleFile> render(String format, List<CronSchedule> schedules, Optional<JobConfig> config,
            int workers) {
        return switch (format) {
            case "cron" -> {
                if (workers > 0) {
                    throw DrkitException.usage("--workers: cron starts jobs, it does not keep a worker running; render "
                            + "the workers with --format systemd or k8s");
                }
                yield List.of(new ScheduleFile("crontab", crontab(schedules, config)));
            }
            case "systemd" -> {
                List<ScheduleFile> files = new ArrayList<>(systemd(schedules, config));
                if (workers > 0) {
                    files.add(new ScheduleFile("drkit-worker@.service", workerService(config)));
                }
                yield files;
            }
            case "k8s" -> List.of(new ScheduleFile("drkit-cronjobs.yaml", kubernetes(schedules, config, workers)));
            default -> throw DrkitException.usage("--format takes cron, systemd or k8s, not " + format);
        };
    }

    /** The image the build makes, {@code name:tag}: what the CronJobs run. */
    public static String image() {
        Properties p = new Properties();
        try (InputStream in = ScheduleRenderer.class.getResourceAsStream("image.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("image.properties is missing from the build", e);
        }
        return p.getProperty("image");
    }

    /** drkit's arguments for one run of a job: the configuration file first, when there is one. */
    private static List<String> arguments(CronSchedule s, Optional<JobConfig> config, boolean pod) {
        List<String> args = new ArrayList<>();
        config.ifPresent(c -> args.addAll(List.of("--config", pod ? c.podPath() : c.file().toString())));
        args.addAll(s.job().arguments());
        return args;
    }

    static String crontab(List<CronSchedule> schedules) {
        return crontab(schedules, Optional.empty());
    }

    static List<ScheduleFile> systemd(List<CronSchedule> schedules) {
        return systemd(schedules, Optional.empty());
    }

    static String kubernetes(List<CronSchedule> schedules) {
        return kubernetes(schedules, Optional.empty());
    }

    static String kubernetes(List<CronSchedule> schedules, Optional<JobConfig> config) {
        return kubernetes(schedules, config, 0);
    }

    /** flock keeps a slow run from overlapping the next on this host; drkit's catalog lock covers other hosts. */
    static String crontab(List<CronSchedule> schedules, Optional<JobConfig> config) {
        StringBuilder out = new StringBuilder();
        out.append("# drkit schedules, rendered by `drkit schedule print --format cron`. Install for the drkit user:\n")
                .append("#   crontab -u drkit crontab\n")
                .append("# Settings (DRKIT_*, AWS_*) are read from " + ENV_FILE + " (mode 0600); each job logs to\n")
                .append("# /var/log/drkit/<job>.log and skips a run while its previous run still holds the lock.\n")
                .append("# The times are UTC: CRON_TZ says so to cronie and busybox; Debian's cron ignores it, so run\n")
                .append("# such a host in UTC or shift the hours.\n")
                .append("CRON_TZ=UTC\nSHELL=/bin/sh\nPATH=/usr/local/bin:/usr/bin:/bin\n");
        for (CronSchedule s : schedules) {
            String job = s.job().key();
            out.append("\n# ").append(job).append(": ").append(s.job().description()).append("; ")
                    .append(s.description()).append('\n')
                    .append(String.join(" ", s.fields())).append(" flock -n /run/lock/drkit-").append(job)
                    .append(".lock sh -c 'set -a; . ").append(ENV_FILE).append("; set +a; exec ").append(DRKIT).append(' ')
                    .append(String.join(" ", arguments(s, config, false))).append("' >> /var/log/drkit/").append(job)
                    .append(".log 2>&1\n");
        }
        return out.toString();
    }

    static List<ScheduleFile> systemd(List<CronSchedule> schedules, Optional<JobConfig> config) {
        List<ScheduleFile> files = new ArrayList<>();
        for (CronSchedule s : schedules) {
            String unit = "drkit-" + s.job().key();
            if (Continuous.runs(s)) {
                files.add(new ScheduleFile(unit + ".service", continuousService(s, config)));
                continue;
            }
            files.add(new ScheduleFile(unit + ".service",
                    "# Rendered by `drkit schedule print --format systemd`; started by " + unit + ".timer.\n"
                            + service(s.job().key() + ": " + s.job().description(), "oneshot", arguments(s, config, false))
                            + """
                            # on stop, drkit ends the work in hand where the next run resumes it, within 60 s
                            TimeoutStopSec=90
                            """));
            files.add(new ScheduleFile(unit + ".timer", """
                    # Rendered by `drkit schedule print --format systemd` from the cron expression "%2$s":
                    # %4$s.
                    [Unit]
                    Description=drkit %1$s on its schedule

                    [Timer]
                    OnCalendar=%3$s
                    Persistent=true

                    [Install]
                    WantedBy=timers.target
                    """.formatted(s.job().key(), s.expression(), OnCalendar.of(s), s.description())));
        }
        return files;
    }

    /**
     * Incremental backups as one process that closes a point every interval of the schedule: the JVM's
     * start-up and the connection set-up are paid once, not every 15 minutes. systemd restarts it when it
     * ends; every point it closed is complete, and the next start resumes from the chain's slot.
     */
    private static String continuousService(CronSchedule s, Optional<JobConfig> config) {
        return "# Rendered by `drkit schedule print --format systemd`: the " + s.job().key() + " schedule (\""
                + s.expression() + "\")\n# as one long-running process that closes a point every " + Continuous.flush(s)
                + ", instead of a timer.\n"
                + service(s.job().key() + ": " + s.job().description() + ", continuously", "simple",
                        Continuous.arguments(s, arguments(s, config, false)))
                + """
                Restart=always
                RestartSec=30
                # on stop, drkit closes the point in hand, within 60 s
                TimeoutStopSec=90

                [Install]
                WantedBy=multi-user.target
                """;
    }

    /** The unit and service sections every drkit service shares, up to its {@code ExecStart}. */
    private static String service(String description, String type, List<String> arguments) {
        return """
                [Unit]
                Description=drkit %1$s
                Wants=network-online.target
                After=network-online.target

                [Service]
                Type=%2$s
                User=drkit
                Group=drkit
                EnvironmentFile=%3$s
                # relative paths in the settings (DRKIT_REPORTS_DIRECTORY...) are under drkit's home
                WorkingDirectory=~
                ExecStart=%4$s %5$s
                """.formatted(description, type, ENV_FILE, DRKIT, String.join(" ", arguments));
    }

    /** Credentials come from a Secret and the other settings from a ConfigMap, never from plain values here. */
    static String kubernetes(List<CronSchedule> schedules, Optional<JobConfig> config, int workers) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        Yaml yaml = new Yaml(options);
        StringBuilder out = new StringBuilder("# drkit schedules, rendered by `drkit schedule print --format k8s`.\n"
                + "# Settings come from the ConfigMap drkit-settings (DRKIT_REPOSITORY, DRKIT_S3_ENDPOINT, ...) and\n"
                + "# credentials from the Secret drkit-credentials (DRKIT_SOURCE_URL, AWS_ACCESS_KEY_ID, ...).\n");
        config.ifPresent(c -> out.append("---\n").append(yaml.dump(configMap(c))));
        for (CronSchedule s : schedules) {
            out.append("---\n# drkit-").append(s.job().key()).append(": ").append(s.description());
            if (Continuous.runs(s)) {
                out.append(", as one long-running pod closing a point every ").append(Continuous.flush(s)).append('\n')
                        .append(yaml.dump(deployment(s, config)));
            } else {
                out.append('\n').append(yaml.dump(cronJob(s, config)));
            }
        }
        if (workers > 0) {
            out.append("---\n# drkit-worker: ").append(workers).append(" workers running the parts the jobs send through "
                    + "the broker (DRKIT_WORKERS_MODE=remote, DRKIT_BROKER_URL in the Secret)\n")
                    .append(yaml.dump(workerDeployment(config, workers)));
        }
        return out.toString();
    }

    /**
     * Workers are interchangeable and keep nothing: several at once, replaced a few at a time. A worker
     * stopped finishes its parts first; one killed after the grace period gives its part back to the
     * broker, which hands it to another.
     */
    private static Map<String, Object> workerDeployment(Optional<JobConfig> config, int workers) {
        List<String> args = new ArrayList<>();
        config.ifPresent(c -> args.addAll(List.of("--config", c.podPath())));
        args.add("worker");
        Map<String, Object> podSpec = podSpec(config, args, "Always");
        podSpec.put("terminationGracePeriodSeconds", WORKER_GRACE_SECONDS);
        Map<String, Object> labels = ordered("app", "drkit", "drkit-job", "worker");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", workers);
        spec.put("selector", Map.of("matchLabels", labels));
        spec.put("template", ordered("metadata", Map.of("labels", labels), "spec", podSpec));
        return ordered("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", ordered("name", "drkit-worker", "labels", Map.of("app", "drkit")), "spec", spec);
    }

    /** A template unit: {@code systemctl enable --now drkit-worker@1 drkit-worker@2} runs two. */
    private static String workerService(Optional<JobConfig> config) {
        List<String> args = new ArrayList<>();
        config.ifPresent(c -> args.addAll(List.of("--config", c.file().toString())));
        args.add("worker");
        return "# Rendered by `drkit schedule print --format systemd --workers N`: one drkit worker per instance,\n"
                + "# systemctl enable --now drkit-worker@1 ... drkit-worker@N\n"
                + service("worker %i: parts of the jobs other hosts send through the broker", "simple", args)
                + """
                Restart=always
                RestartSec=10
                # on stop, a worker finishes its parts in hand; past this, one killed gives its part back to the broker
                TimeoutStopSec=%d

                [Install]
                WantedBy=multi-user.target
                """.formatted(WORKER_GRACE_SECONDS);
    }

    /**
     * The configuration file, carried into the pods. A ConfigMap is readable by whoever reads the
     * namespace, so a file with a password in it is refused: that belongs in the Secret.
     */
    private static Map<String, Object> configMap(JobConfig config) {
        if (!JdbcUrl.redact(config.content()).equals(config.content())) {
            throw DrkitException.usage(config.file() + " holds a password, which a ConfigMap would show to anyone who can"
                    + " read the namespace: put that setting in the Secret drkit-credentials (as DRKIT_SOURCE_URL...)"
                    + " and leave it out of the file");
        }
        return ordered("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", ordered("name", "drkit-config", "labels", Map.of("app", "drkit")),
                "data", Map.of(config.file().getFileName().toString(), config.content()));
    }

    /** One replica, replaced (never two at once: two would read one replication slot). */
    private static Map<String, Object> deployment(CronSchedule s, Optional<JobConfig> config) {
        Map<String, Object> podSpec = podSpec(config, Continuous.arguments(s, arguments(s, config, true)), "Always");
        Map<String, Object> labels = ordered("app", "drkit", "drkit-job", s.job().key());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", 1);
        spec.put("strategy", Map.of("type", "Recreate"));
        spec.put("selector", Map.of("matchLabels", labels));
        spec.put("template", ordered("metadata", Map.of("labels", labels), "spec", podSpec));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "apps/v1");
        doc.put("kind", "Deployment");
        doc.put("metadata", ordered("name", "drkit-" + s.job().key(), "labels", Map.of("app", "drkit")));
        doc.put("spec", spec);
        return doc;
    }

    private static Map<String, Object> cronJob(CronSchedule s, Optional<JobConfig> config) {
        Map<String, Object> podSpec = podSpec(config, arguments(s, config, true), "Never");
        Map<String, Object> jobSpec = new LinkedHashMap<>();
        // a failed run is an alert, not something to retry blindly: drkit's own restarts resume where it stopped
        jobSpec.put("backoffLimit", 0);
        jobSpec.put("template", ordered("metadata", Map.of("labels", ordered("app", "drkit", "drkit-job", s.job().key())),
                "spec", podSpec));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("schedule", String.join(" ", s.fields()));
        spec.put("timeZone", "Etc/UTC");
        spec.put("concurrencyPolicy", "Forbid");
        spec.put("startingDeadlineSeconds", 3600);
        spec.put("successfulJobsHistoryLimit", 3);
        spec.put("failedJobsHistoryLimit", 5);
        spec.put("jobTemplate", Map.of("spec", jobSpec));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "batch/v1");
        doc.put("kind", "CronJob");
        doc.put("metadata", ordered("name", "drkit-" + s.job().key(), "labels", Map.of("app", "drkit")));
        doc.put("spec", spec);
        return doc;
    }

    private static Map<String, Object> podSpec(Optional<JobConfig> config, List<String> args,
            String restartPolicy) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "drkit");
        container.put("image", image());
        container.put("args", args);
        container.put("envFrom", List.of(Map.of("configMapRef", Map.of("name", "drkit-settings")),
                Map.of("secretRef", Map.of("name", "drkit-credentials"))));
        config.ifPresent(c -> container.put("volumeMounts",
                List.of(ordered("name", "drkit-config", "mountPath", JobConfig.POD_DIRECTORY, "readOnly", true))));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", restartPolicy);
        // on SIGTERM drkit ends the work in hand where the next run resumes it, within 60 s
        podSpec.put("terminationGracePeriodSeconds", 90);
        // the image runs as its drkit user (uid 10001), never as root
        podSpec.put("securityContext", Map.of("runAsNonRoot", true));
        podSpec.put("containers", List.of(container));
        config.ifPresent(c -> podSpec.put("volumes",
                List.of(ordered("name", "drkit-config", "configMap", Map.of("name", "drkit-config")))));
        return podSpec;
    }

    /** A map that keeps its order, so the rendered files are the same on every run. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}

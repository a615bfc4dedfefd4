package io.drkit.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import io.drkit.error.DrkitException;

/**
 * The configured schedules as the files each scheduler takes: a crontab, systemd service and timer
 * pairs, or Kubernetes CronJobs. The paths are conventions the README documents: drkit installed as
 * {@value #DRKIT}, its settings (DRKIT_*, AWS_*) in {@value #ENV_FILE} readable by its user only.
 */
public final class ScheduleRenderer {

    static final String DRKIT = "/usr/local/bin/drkit";
    static final String ENV_FILE = "/etc/drkit/drkit.env";
    static final String IMAGE = "drkit:latest";

    private ScheduleRenderer() {}

    public static List<ScheduleFile> render(String format, List<CronSchedule> schedules) {
        return switch (format) {
            case "cron" -> List.of(new ScheduleFile("crontab", crontab(schedules)));
            case "systemd" -> systemd(schedules);
            case "k8s" -> List.of(new ScheduleFile("drkit-cronjobs.yaml", kubernetes(schedules)));
            default -> throw DrkitException.usage("--format takes cron, systemd or k8s, not " + format);
        };
    }

    /** flock keeps a slow run from overlapping the next on this host; drkit's catalog lock covers other hosts. */
    static String crontab(List<CronSchedule> schedules) {
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
            out.append("\n# ").append(job).append(": ").append(s.job().description()).append('\n')
                    .append(String.join(" ", s.fields())).append(" flock -n /run/lock/drkit-").append(job)
                    .append(".lock sh -c 'set -a; . ").append(ENV_FILE).append("; set +a; exec ").append(DRKIT).append(' ')
                    .append(String.join(" ", s.job().arguments())).append("' >> /var/log/drkit/").append(job)
                    .append(".log 2>&1\n");
        }
        return out.toString();
    }

    static List<ScheduleFile> systemd(List<CronSchedule> schedules) {
        List<ScheduleFile> files = new ArrayList<>();
        for (CronSchedule s : schedules) {
            String unit = "drkit-" + s.job().key();
            files.add(new ScheduleFile(unit + ".service", """
                    # Rendered by `drkit schedule print --format systemd`; started by %1$s.timer.
                    [Unit]
                    Description=drkit %2$s: %3$s
                    Wants=network-online.target
                    After=network-online.target

                    [Service]
                    Type=oneshot
                    User=drkit
                    Group=drkit
                    EnvironmentFile=%4$s
                    ExecStart=%5$s %6$s
                    # on stop, drkit ends the work in hand where the next run resumes it, within 60 s
                    TimeoutStopSec=90
                    """.formatted(unit, s.job().key(), s.job().description(), ENV_FILE, DRKIT,
                    String.join(" ", s.job().arguments()))));
            files.add(new ScheduleFile(unit + ".timer", """
                    # Rendered by `drkit schedule print --format systemd` from the cron expression "%2$s".
                    [Unit]
                    Description=drkit %1$s on its schedule

                    [Timer]
                    OnCalendar=%3$s
                    Persistent=true

                    [Install]
                    WantedBy=timers.target
                    """.formatted(s.job().key(), s.expression(), OnCalendar.of(s))));
        }
        return files;
    }

    /** Credentials come from a Secret and the other settings from a ConfigMap, never from plain values here. */
    static String kubernetes(List<CronSchedule> schedules) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        Yaml yaml = new Yaml(options);
        StringBuilder out = new StringBuilder("# drkit schedules, rendered by `drkit schedule print --format k8s`.\n"
                + "# Settings come from the ConfigMap drkit-settings (DRKIT_REPOSITORY, DRKIT_S3_ENDPOINT, ...) and\n"
                + "# credentials from the Secret drkit-credentials (DRKIT_SOURCE_URL, AWS_ACCESS_KEY_ID, ...).\n");
        for (CronSchedule s : schedules) {
            out.append("---\n").append(yaml.dump(cronJob(s)));
        }
        return out.toString();
    }

    private static Map<String, Object> cronJob(CronSchedule s) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "drkit");
        container.put("image", IMAGE);
        container.put("args", s.job().arguments());
        container.put("envFrom", List.of(Map.of("configMapRef", Map.of("name", "drkit-settings")),
                Map.of("secretRef", Map.of("name", "drkit-credentials"))));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        // on SIGTERM drkit ends the work in hand where the next run resumes it, within 60 s
        podSpec.put("terminationGracePeriodSeconds", 90);
        podSpec.put("containers", List.of(container));
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

    /** A map that keeps its order, so the rendered files are the same on every run. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}

package io.drkit.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;
import org.yaml.snakeyaml.Yaml;

import io.drkit.core.error.DrkitException;

/**
 * Each format rendered and read back the way its scheduler reads it: crontab lines parse to the
 * configured expressions; each systemd OnCalendar fires, per {@code systemd-analyze calendar}, at
 * exactly the cron expression's next times; the Kubernetes YAML parses and forbids overlaps.
 */
class ScheduleRendererTest {

    /** Awkward on purpose: steps, ranges, names, lists, macros. */
    private static final Map<String, String> CONFIGURED = new LinkedHashMap<>();

    static {
        CONFIGURED.put("full-backup", "0 1 * * *");
        CONFIGURED.put("verify", "*/20 9-17 * * mon-fri");
        CONFIGURED.put("verify-restore", "30 4 1,15 jan-jun *");
        CONFIGURED.put("drill", "@weekly");
        CONFIGURED.put("incremental-backup", "");
    }

    /**
     * The one instant every reading starts from (cron, systemd and the test's own reading of the
     * calendar): reading the clock once each would let a minute boundary fall between them. Mid-minute
     * on New Year's Eve, so that each reading crosses a minute, a day, a month and a year.
     */
    private static final LocalDateTime BASE = LocalDateTime.of(2026, 12, 31, 23, 59, 30);

    private final List<CronSchedule> schedules = CronSchedule.configured(CONFIGURED);

    @Test
    void crontabLinesParseToTheConfiguredExpressionsAndRunDrkitUnderALock() {
        String crontab = ScheduleRenderer.crontab(schedules);
        List<String> jobs = crontab.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && !l.contains("=")).toList();

        assertThat(jobs).hasSize(4);
        for (int i = 0; i < jobs.size(); i++) {
            String[] parts = jobs.get(i).split("\\s+", 6);
            CronSchedule s = schedules.get(i);
            assertThat(CronExpression.parse("0 " + String.join(" ", List.of(parts).subList(0, 5))))
                    .isEqualTo(s.spring());
            assertThat(parts[5]).startsWith("flock -n /run/lock/drkit-" + s.job().key() + ".lock ")
                    .contains("exec /usr/bin/drkit " + String.join(" ", s.job().arguments()) + "'")
                    .endsWith(">> /var/log/drkit/" + s.job().key() + ".log 2>&1");
        }
        assertThat(crontab).contains("CRON_TZ=UTC");
    }

    @Test
    void eachTimerFiresWhenItsCronExpressionDoes() throws Exception {
        boolean systemdAnalyze = Files.isExecutable(Path.of("/usr/bin/systemd-analyze"));
        List<ScheduleFile> files = ScheduleRenderer.systemd(schedules);
        assertThat(files).extracting(ScheduleFile::name).contains("drkit-drill.service", "drkit-drill.timer");
        for (CronSchedule s : schedules) {
            String timer = files.stream().filter(f -> f.name().equals("drkit-" + s.job().key() + ".timer")).findFirst()
                    .orElseThrow().content();
            assertThat(timer).contains("Persistent=true");
            String service = files.stream().filter(f -> f.name().equals("drkit-" + s.job().key() + ".service"))
                    .findFirst().orElseThrow().content();
            assertThat(service).contains("Type=oneshot", "EnvironmentFile=/etc/drkit/drkit.env",
                    "ExecStart=/usr/bin/drkit " + String.join(" ", s.job().arguments()));
            List<String> calendars = timer.lines().filter(l -> l.startsWith("OnCalendar="))
                    .map(l -> l.substring("OnCalendar=".length())).toList();
            assertThat(calendars).hasSize(1);
            List<LocalDateTime> cron = new ArrayList<>();
            LocalDateTime t = BASE;
            for (int i = 0; i < 12; i++) {
                t = s.spring().next(t);
                cron.add(t);
            }
            // systemd's own reading where it is installed; a reading of the calendar syntax in any case
            if (systemdAnalyze) {
                assertThat(nextElapses(calendars.get(0), BASE, 12)).as(s.expression() + " as " + calendars).isEqualTo(cron);
            }
            assertThat(SystemdCalendar.parse(calendars.get(0)).next(BASE, 12))
                    .as(s.expression() + " as " + calendars).isEqualTo(cron);
        }
    }

    @Test
    void theKubernetesCronJobsParseForbidOverlapsAndTakeCredentialsFromASecret() {
        String text = ScheduleRenderer.kubernetes(schedules);
        List<Map<String, Object>> docs = new ArrayList<>();
        new Yaml().loadAll(text).forEach(d -> docs.add(cast(d)));

        assertThat(docs).hasSize(4);
        for (int i = 0; i < docs.size(); i++) {
            Map<String, Object> doc = docs.get(i);
            assertThat(doc).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "CronJob");
            Map<String, Object> spec = cast(doc.get("spec"));
            assertThat(spec).containsEntry("concurrencyPolicy", "Forbid")
                    .containsEntry("schedule", String.join(" ", schedules.get(i).fields()));
            Map<String, Object> pod = cast(cast(cast(cast(spec.get("jobTemplate")).get("spec")).get("template")).get("spec"));
            assertThat(pod.get("terminationGracePeriodSeconds")).as("longer than drkit takes to stop").isEqualTo(90);
            Map<String, Object> container = cast(((List<?>) pod.get("containers")).get(0));
            assertThat(container.get("args")).isEqualTo(schedules.get(i).job().arguments());
            assertThat(container.get("envFrom").toString()).contains("secretRef={name=drkit-credentials}");
            assertThat(container).doesNotContainKey("env");
        }
    }

    @Test
    void aConfigurationFileGivenWhenRenderingIsPassedToEveryJobOfEveryFormat() {
        JobConfig config = new JobConfig(Path.of("/etc/drkit/tracking.yml"),
                "drkit:\n  verify:\n    checks:\n      - name: c\n        sql: SELECT 1 WHERE false\n");
        Optional<JobConfig> given = Optional.of(config);

        List<String> cronJobs = ScheduleRenderer.crontab(schedules, given).lines()
                .filter(l -> l.contains("exec /usr/bin/drkit")).toList();
        assertThat(cronJobs).hasSize(4).allSatisfy(l -> assertThat(l).contains("exec /usr/bin/drkit --config /etc/drkit/tracking.yml "));
        assertThat(ScheduleRenderer.systemd(schedules, given)).filteredOn(f -> f.name().endsWith(".service")).hasSize(4)
                .allSatisfy(f -> assertThat(f.content()).contains("ExecStart=/usr/bin/drkit --config /etc/drkit/tracking.yml "));

        List<Map<String, Object>> docs = new ArrayList<>();
        new Yaml().loadAll(ScheduleRenderer.kubernetes(schedules, given)).forEach(d -> docs.add(cast(d)));
        assertThat(docs).hasSize(5);
        assertThat(docs.get(0)).containsEntry("kind", "ConfigMap");
        assertThat(cast(docs.get(0).get("data"))).as("the file itself, byte for byte")
                .containsExactly(Map.entry("tracking.yml", config.content()));
        for (Map<String, Object> cronJob : docs.subList(1, docs.size())) {
            Map<String, Object> pod = cast(cast(cast(cast(cast(cronJob.get("spec")).get("jobTemplate")).get("spec"))
                    .get("template")).get("spec"));
            Map<String, Object> container = cast(((List<?>) pod.get("containers")).get(0));
            assertThat(container.get("args").toString()).startsWith("[--config, /etc/drkit/config/tracking.yml, ");
            assertThat(container.get("volumeMounts").toString()).contains("mountPath=/etc/drkit/config");
            assertThat(pod.get("volumes").toString()).contains("configMap={name=drkit-config}");
        }
    }

    @Test
    void aConfigurationFileWithAPasswordIsNotPutInAConfigMap() {
        JobConfig config = new JobConfig(Path.of("/etc/drkit/drkit.yml"),
                "drkit:\n  source-url: jdbc:postgresql://db/x?user=u&password=hunter2\n");
        assertThatThrownBy(() -> ScheduleRenderer.kubernetes(schedules, Optional.of(config)))
                .isInstanceOf(DrkitException.class).hasMessageContaining("/etc/drkit/drkit.yml holds a password")
                .hasMessageContaining("Secret drkit-credentials").hasMessageNotContaining("hunter2");
    }

    @Test
    void theCronJobsRunTheImageTheBuildMakesAsNonRoot() {
        assertThat(ScheduleRenderer.image()).matches("drkit:\\d+\\.\\d+\\.\\d+.*");
        assertThat(ScheduleRenderer.kubernetes(schedules)).contains("image: " + ScheduleRenderer.image())
                .contains("runAsNonRoot: true");
    }

    @Test
    void aBadScheduleIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> CronSchedule.configured(Map.of("drill", "0 25 * * *")))
                .isInstanceOf(DrkitException.class)
                .hasMessage("drkit.schedules.drill: '0 25 * * *' is not a crontab expression: value 25 not in range [0, 23]");
        assertThatThrownBy(() -> CronSchedule.configured(Map.of("prune", "*/15 * * jan-foo *")))
                .as("cron-utils' reason, never Spring's six-field form").hasMessageContaining("drkit.schedules.prune")
                .hasMessageNotContaining("0 */15");
        assertThatThrownBy(() -> CronSchedule.configured(Map.of("prune", "0 0 L * *")))
                .as("Quartz's L is not crontab").hasMessageContaining("is not a crontab expression");
        assertThatThrownBy(() -> CronSchedule.configured(Map.of("verify", "0 1 * *")))
                .hasMessageContaining("drkit.schedules.verify").hasMessageContaining("five");
        assertThatThrownBy(() -> CronSchedule.configured(Map.of("verify", "0 0 1 * * *")))
                .as("Spring's six fields are refused").hasMessageContaining("has 6 fields; a crontab expression has five");
        assertThatThrownBy(() -> CronSchedule.configured(Map.of("backups", "0 1 * * *")))
                .hasMessageContaining("drkit.schedules.backups: no such job");
        assertThatThrownBy(() -> CronSchedule.configured(Map.of("drill", "0 1 1 * 0")))
                .as("cron ORs the two days, Spring's scheduler ANDs them").hasMessageContaining("restrict one of them");
        assertThat(CronSchedule.configured(Map.of("incremental-backup", "*/15 * * * *")).get(0).job().arguments())
                .as("incrementals, once refused, now run").containsExactly("backup", "--incremental");
        assertThat(CronSchedule.configured(Map.of("incremental-backup", "*/15 * * * *", "prune", "0 6 * * *"), false))
                .as("with incrementals off, their schedule is not in force").extracting(CronSchedule::job)
                .containsExactly(ScheduledJob.PRUNE);
        assertThatThrownBy(() -> CronSchedule.configured(Map.of("incremental-backup", "*/15 * *"), false))
                .as("but it is still checked").hasMessageContaining("drkit.schedules.incremental-backup");
    }

    @Test
    void incrementalsRunAsOneLongLivedProcessUnderSystemdAndKubernetesAndOncePerFireTimeUnderCron() {
        List<CronSchedule> on = CronSchedule.configured(Map.of("incremental-backup", "*/15 * * * *", "verify",
                "30 4 * * *"), true);
        List<String> continuous = List.of("backup", "--incremental", "--continuous", "--flush", "15m");

        List<ScheduleFile> systemd = ScheduleRenderer.systemd(on);
        assertThat(systemd).extracting(ScheduleFile::name).containsExactlyInAnyOrder("drkit-incremental-backup.service",
                "drkit-verify.service", "drkit-verify.timer");
        String service = systemd.stream().filter(f -> f.name().equals("drkit-incremental-backup.service")).findFirst()
                .orElseThrow().content();
        assertThat(service).contains("Type=simple", "Restart=always", "WantedBy=multi-user.target",
                "ExecStart=/usr/bin/drkit " + String.join(" ", continuous) + "\n").doesNotContain("oneshot");

        List<Map<String, Object>> docs = new ArrayList<>();
        new Yaml().loadAll(ScheduleRenderer.kubernetes(on)).forEach(d -> docs.add(cast(d)));
        Map<String, Object> deployment = docs.stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst()
                .orElseThrow();
        Map<String, Object> spec = cast(deployment.get("spec"));
        assertThat(spec).containsEntry("replicas", 1).containsEntry("strategy", Map.of("type", "Recreate"));
        Map<String, Object> pod = cast(cast(spec.get("template")).get("spec"));
        assertThat(cast(((List<?>) pod.get("containers")).get(0)).get("args")).isEqualTo(continuous);
        assertThat(docs).filteredOn(d -> "CronJob".equals(d.get("kind"))).hasSize(1);

        assertThat(ScheduleRenderer.crontab(on)).contains("exec /usr/bin/drkit backup --incremental'")
                .doesNotContain("--continuous");
        assertThat(Continuous.flush(CronSchedule.configured(Map.of("incremental-backup", "*/5 9-17 * * mon-fri"), true)
                .get(0))).as("the shortest gap, not the night's").isEqualTo("5m");
        assertThat(Continuous.flush(CronSchedule.configured(Map.of("incremental-backup", "0 */2 * * *"), true)
                .get(0))).isEqualTo("2h");
    }

    @Test
    void eachScheduleIsPutIntoWordsByCronUtilsInUtc() {
        assertThat(schedules).extracting(CronSchedule::description).containsExactly(
                "at 01:00 (UTC)",
                "every 20 minutes every hour between 9 and 17 every day between Monday and Friday (UTC)",
                "at 04:30 at 1 and 15 days every month between January and June (UTC)",
                "at 00:00 on Sunday (UTC)");
        assertThat(ScheduleRenderer.crontab(schedules)).contains("# full-backup: nightly full backup; at 01:00 (UTC)\n0 1 * * *");
        assertThat(ScheduleRenderer.systemd(schedules).get(1).content()).contains("from the cron expression \"0 1 * * *\":\n"
                + "# at 01:00 (UTC).");
        assertThat(ScheduleRenderer.kubernetes(schedules)).contains("---\n# drkit-drill: at 00:00 on Sunday (UTC)\n");
    }

    private static final Pattern ELAPSE = Pattern.compile("(?:Next elapse|Iter\\. #\\d+): \\w+ (\\S+ \\S+) UTC");

    /** Asks systemd itself when a calendar expression fires next after {@code base} (UTC). */
    private static List<LocalDateTime> nextElapses(String calendar, LocalDateTime base, int count)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/systemd-analyze", "calendar", "--iterations=" + count,
                "--base-time=" + base.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + " UTC", calendar);
        pb.environment().put("TZ", "UTC");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(calendar + ": " + out).isZero();
        List<LocalDateTime> times = new ArrayList<>();
        Matcher m = ELAPSE.matcher(out);
        while (m.find()) {
            times.add(LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        }
        assertThat(times).as(out).hasSize(count);
        return times;
    }

    @SuppressWarnings("unchecked")
    @Test
    void workersAreADeploymentBesideTheCronJobsOrASystemdTemplateAndCronRefusesThem() {
        List<Map<String, Object>> docs = new ArrayList<>();
        new Yaml().loadAll(ScheduleRenderer.kubernetes(schedules, Optional.empty(), 3)).forEach(d -> docs.add(cast(d)));
        Map<String, Object> worker = docs.get(docs.size() - 1);
        assertThat(worker).containsEntry("kind", "Deployment");
        assertThat(cast(worker.get("metadata"))).containsEntry("name", "drkit-worker");
        Map<String, Object> spec = cast(worker.get("spec"));
        assertThat(spec).containsEntry("replicas", 3);
        Map<String, Object> pod = cast(cast(spec.get("template")).get("spec"));
        assertThat(pod).containsEntry("terminationGracePeriodSeconds", ScheduleRenderer.WORKER_GRACE_SECONDS);
        Map<String, Object> container = cast(((List<?>) pod.get("containers")).get(0));
        assertThat(container.get("args")).isEqualTo(List.of("worker"));
        assertThat(container.get("envFrom").toString()).contains("drkit-credentials");
        assertThat(ScheduleRenderer.kubernetes(schedules)).as("no workers unless asked").doesNotContain("drkit-worker");

        List<ScheduleFile> units = ScheduleRenderer.render("systemd", schedules, Optional.empty(), 2);
        assertThat(units).filteredOn(f -> f.name().equals("drkit-worker@.service")).singleElement()
                .satisfies(f -> assertThat(f.content()).contains("ExecStart=/usr/bin/drkit worker\n", "Restart=always",
                        "TimeoutStopSec=" + ScheduleRenderer.WORKER_GRACE_SECONDS, "Description=drkit worker %i:"));
        assertThat(ScheduleRenderer.render("systemd", schedules, Optional.empty(), 0))
                .noneMatch(f -> f.name().contains("worker"));

        assertThatThrownBy(() -> ScheduleRenderer.render("cron", schedules, Optional.empty(), 1))
                .isInstanceOf(DrkitException.class).hasMessageContaining("--format systemd or k8s");
    }

    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}

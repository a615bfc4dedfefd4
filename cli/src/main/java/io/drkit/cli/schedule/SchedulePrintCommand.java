package io.drkit.cli.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.drkit.cli.ConfigFile;
import io.drkit.cli.Output;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.FileTrouble;
import io.drkit.schedule.CronSchedule;
import io.drkit.schedule.JobConfig;
import io.drkit.schedule.ScheduleFile;
import io.drkit.schedule.ScheduleRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "print", mixinStandardHelpOptions = true,
        description = {"Render the configured schedules: a crontab (cron), systemd .service and .timer pairs",
            "(systemd) or Kubernetes CronJobs (k8s). Printed on stdout, each file after a '# file:' line,",
            "or written into --output DIR. Every job reads the configuration file drkit was given here",
            "(--config FILE or DRKIT_CONFIG), if any."})
public class SchedulePrintCommand implements Callable<Integer> {

    @Mixin
    Output output;

    @Option(names = "--format", required = true, paramLabel = "cron|systemd|k8s", description = "The scheduler.")
    String format;

    @Option(names = "--output", paramLabel = "DIR", description = "Write the files into this directory instead.")
    Path directory;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0", description = {"Also run N drkit workers for",
        "the jobs' remote parts: a Deployment (k8s) or a drkit-worker@.service template (systemd)."})
    int workers;

    private final RuntimeSettings settings;

    public SchedulePrintCommand(RuntimeSettings settings) {
        this.settings = settings;
    }

    /** The file this run was given (--config or DRKIT_CONFIG), which every scheduled job reads too. */
    private static Optional<JobConfig> jobConfig() {
        return ConfigFile.current().map(c -> {
            try {
                return new JobConfig(c.path(), Files.readString(c.path()));
            } catch (IOException e) {
                throw DrkitException.usage("cannot read the configuration file " + c.path() + ": " + FileTrouble.reason(e), e);
            }
        });
    }

    @Override
    public Integer call() {
        List<CronSchedule> schedules = CronSchedule.configured(settings.properties().schedules(),
                settings.incremental().enabled());
        if (workers < 0) {
            throw DrkitException.usage("--workers takes a number of workers, 0 or more, not " + workers);
        }
        List<ScheduleFile> files = ScheduleRenderer.render(format, schedules, jobConfig(), workers);
        if (directory != null) {
            try {
                Files.createDirectories(directory);
                for (ScheduleFile f : files) {
                    Files.writeString(directory.resolve(f.name()), f.content());
                }
            } catch (IOException e) {
                throw DrkitException.usage("cannot write the schedule files into " + directory + ": " + FileTrouble.reason(e), e);
            }
            StringBuilder said = new StringBuilder(files.size() + " file(s) for " + schedules.size()
                    + " scheduled job(s) written into " + directory);
            schedules.forEach(s -> said.append("\n  ").append(s.job().key()).append(": ").append(s.description()));
            output.result(new ScheduleDocument(directory.toString(), files), said.toString());
            return 0;
        }
        StringBuilder text = new StringBuilder();
        for (ScheduleFile f : files) {
            text.append(files.size() > 1 ? "# file: " + f.name() + "\n" : "").append(f.content());
        }
        output.result(new ScheduleDocument(null, files), text.toString().stripTrailing());
        return 0;
    }
}

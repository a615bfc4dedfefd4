package io.drkit.cli;

import io.drkit.cli.check.CheckCommand;
import io.drkit.cli.daemon.DaemonCommand;
import io.drkit.cli.demo.DemoCommand;
import io.drkit.cli.drill.DrillCommand;
import io.drkit.cli.prune.PruneCommand;
import io.drkit.cli.schedule.ScheduleCommand;
import io.drkit.cli.standby.StandbyCommand;
import io.drkit.cli.status.StatusCommand;
import io.drkit.cli.backup.BackupCommand;
import io.drkit.cli.repository.InitCommand;
import io.drkit.cli.repository.ListCommand;
import io.drkit.cli.restore.RestoreCommand;
import io.drkit.cli.report.ReportCommand;
import io.drkit.cli.verify.VerifyCommand;
import io.drkit.cli.tracking.TrackingCommand;
import io.drkit.cli.worker.WorkerCommand;
import picocli.CommandLine.Command;

@Command(name = "drkit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Backups of PostgreSQL that are restored, verified and timed: evidence, not hope.",
        footer = {"", "Configuration: application.yml, --config FILE, or DRKIT_* environment variables (see README)."},
        subcommands = {
            InitCommand.class,
            CheckCommand.class,
            BackupCommand.class,
            ListCommand.class,
            RestoreCommand.class,
            VerifyCommand.class,
            DrillCommand.class,
            StatusCommand.class,
            PruneCommand.class,
            StandbyCommand.class,
            ScheduleCommand.class,
            DaemonCommand.class,
            WorkerCommand.class,
            ReportCommand.class,
            TrackingCommand.class,
            DemoCommand.class,
        })
public class DrkitCommand {}

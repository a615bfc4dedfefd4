package io.drkit.cli.schedule;

import picocli.CommandLine.Command;

@Command(name = "schedule", mixinStandardHelpOptions = true, subcommands = SchedulePrintCommand.class,
        description = "The jobs' schedules (drkit.schedules.<job>, crontab expressions) as scheduler files.")
public class ScheduleCommand {}

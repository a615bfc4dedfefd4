package io.drkit.cli.tracking;

import picocli.CommandLine.Command;

@Command(name = "tracking",
        description = "The reference parcel-tracking database: schema, deterministic sample data, live traffic.",
        mixinStandardHelpOptions = true,
        subcommands = {TrackingInitCommand.class, TrackingSeedCommand.class, TrackingSimulateCommand.class})
public class TrackingCommand {}

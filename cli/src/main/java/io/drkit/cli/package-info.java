/**
 * The executable: main, the list of subcommands, the runner that publishes metrics and alerts, --json
 * output, exit codes.
 * May use every module; one package per command below it.
 * Not @NullMarked: picocli leaves options that were not given null.
 */
package io.drkit.cli;

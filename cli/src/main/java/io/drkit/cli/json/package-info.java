/**
 * The one vocabulary of every {@code --json} document (README "JSON output", docs/json): the mapper that writes
 * durations as seconds and times as UTC milliseconds, the {@code schemaVersion} every document starts with, the
 * error object, and the pieces several documents share (phase keys, target misses, check rows). The verdict
 * is the reports' own {@code Report.Verdict}: {@code passed} or {@code failed}.
 * May use core, reports and io.drkit.cli's records; holds no command.
 * Not @NullMarked: documents carry null for what a run did not measure.
 */
package io.drkit.cli.json;

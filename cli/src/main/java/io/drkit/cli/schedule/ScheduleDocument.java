package io.drkit.cli.schedule;

import java.util.List;

import io.drkit.schedule.ScheduleFile;

/**
 * What scripts read from {@code schedule print --json}: the rendered files, in the order of the document.
 *
 * @param directory where the files were written ({@code --output}); null when they were only printed
 */
public record ScheduleDocument(String directory, List<ScheduleFile> files) {}

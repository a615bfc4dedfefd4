package io.drkit.schedule;

/** One rendered file: its name (relative to the output directory) and its text. */
public record ScheduleFile(String name, String content) {}

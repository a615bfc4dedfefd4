package io.drkit.cli.report;

/** What scripts read from {@code report --json}: where the index page was written. */
public record ReportIndexDocument(String index) {}

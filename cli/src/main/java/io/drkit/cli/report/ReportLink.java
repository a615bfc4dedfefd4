package io.drkit.cli.report;

/** Where a run's report went, as the {@code report} field of its {@code --json} document. */
public sealed interface ReportLink {

    /** The report as stored: its id, its key in the repository, and the HTML page written locally. */
    record Stored(String reportId, String key, String localHtml) implements ReportLink {}

    /** Why the report could not be stored ({@code reason}: not {@code error}, which names the failure object). */
    record NotStored(String reason) implements ReportLink {}
}

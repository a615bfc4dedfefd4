package io.drkit.cli.json;

import java.time.Duration;
import java.util.List;

import io.drkit.report.Report;

/**
 * One check of a restored database in the documents' units ({@code verify --restore}).
 *
 * @param passed null when the check could not run here
 */
public record CheckRowView(String kind, String name, Boolean passed, String detail, Duration durationSeconds) {

    public static List<CheckRowView> of(List<Report.CheckRow> checks) {
        return checks.stream().map(c -> new CheckRowView(c.kind(), c.name(), c.passed(), c.detail(),
                Duration.ofMillis(c.millis()))).toList();
    }
}

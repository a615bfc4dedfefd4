package io.drkit.cli.check;

import java.util.List;

import io.drkit.report.Report;

/**
 * What scripts read from {@code check --json}: the components in the order of the document.
 *
 * @param verdict {@code passed} when nothing needs fixing (exit 0), {@code failed} otherwise (exit 2)
 * @param problems each finding that needs fixing, one line each ({@code target: check: detail})
 */
public record CheckDocument(Report.Verdict verdict, List<String> problems, List<Finding> findings) {

    static CheckDocument of(List<Finding> findings) {
        List<String> problems = findings.stream().filter(Finding::needsFixing)
                .map(f -> f.target() + ": " + f.check() + ": " + f.detail()).toList();
        return new CheckDocument(Report.Verdict.of(problems.isEmpty()), problems, findings);
    }
}

package io.drkit.cli.demo;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.cli.backup.BackupDocument;
import io.drkit.cli.backup.IncrementalDocument;
import io.drkit.cli.drill.DrillDocument;
import io.drkit.tracking.SeedSummary;

/**
 * What scripts read from {@code demo --json}, in the order of the document; what the demo did not
 * get to (or did not do: a seed when the database held shipments) is left out.
 *
 * @param shipments the shipments the database already held, when it was not seeded
 * @param report the drill report's local page: null when the report could not be stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DemoDocument(String source, Long shipments, SeedSummary seed, String repository, BackupDocument backup,
        IncrementalDocument incremental, DrillDocument drill, Optional<String> report, String reportIndex) {

    DemoDocument backedUp(String repository, BackupDocument backup) {
        return new DemoDocument(source, shipments, seed, repository, backup, null, null, null, null);
    }

    DemoDocument drilled(IncrementalDocument incremental, DrillDocument drill, String report, String reportIndex) {
        return new DemoDocument(source, shipments, seed, repository, backup, incremental, drill,
                Optional.ofNullable(report), reportIndex);
    }
}

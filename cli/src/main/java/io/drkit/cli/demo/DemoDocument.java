package io.drkit.cli.demo;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.cli.backup.BackupDocument;
import io.drkit.cli.backup.IncrementalDocument;
import io.drkit.cli.drill.DrillDocument;
import io.drkit.cli.drill.FailoverDrill;
import io.drkit.cli.tracking.TrackingDocuments;

/**
 * What scripts read from {@code demo --json}, in the order of the document; what the demo did not
 * get to (or did not do: a seed when the database held shipments) is left out.
 *
 * @param shipments the shipments the database already held, when it was not seeded
 * @param reportHtml the drill report's local page: left out when the report could not be stored
 * @param failover the failover drill on the demo's standby (embedded server only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DemoDocument(String source, Long shipments, TrackingDocuments.Seed seed, String repository,
        BackupDocument backup, IncrementalDocument incremental, DrillDocument drill, String reportHtml,
        String reportIndex, FailoverDrill.FailoverDocument failover) {

    DemoDocument backedUp(String repository, BackupDocument backup) {
        return new DemoDocument(source, shipments, seed, repository, backup, null, null, null, null, null);
    }

    DemoDocument drilled(IncrementalDocument incremental, DrillDocument drill, String report, String reportIndex) {
        return new DemoDocument(source, shipments, seed, repository, backup, incremental, drill, report, reportIndex,
                null);
    }

    DemoDocument failedOver(FailoverDrill.FailoverDocument failover) {
        return new DemoDocument(source, shipments, seed, repository, backup, incremental, drill, reportHtml, reportIndex,
                failover);
    }
}

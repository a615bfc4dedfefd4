package io.drkit.cli.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.cli.JobCommand;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.cli.Output;
import io.drkit.prune.PruneResult;
import io.drkit.prune.PruneService;
import io.drkit.core.retention.RetentionPolicy.Decision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Apply retention (drkit.retention): keep the last N points and the newest of each of the",
            "last D days, W weeks and M months; never the newest point a restore proved whole, nor a point",
            "under Object Lock. Removes the rest, and what killed backups left. Holds the backup lock."})
public class PruneCommand implements Callable<Integer>, JobCommand {

    @Mixin
    Output output;

    @Option(names = "--dry-run", description = "List what would be removed and why; remove nothing.")
    boolean dryRun;

    private final ObjectProvider<PruneService> service;
    private JobOutcome outcome;

    public PruneCommand(ObjectProvider<PruneService> service) {
        this.service = service;
    }

    @Override
    public JobOutcome outcome() {
        return outcome;
    }

    @Override
    public Integer call() {
        // a dry run changes nothing: it is no run of the job, and goes out as no metrics or alert
        outcome = dryRun ? null : JobOutcome.of(JobName.PRUNE);
        PruneResult r = service.getObject().prune(dryRun, line -> System.err.println(line));
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%s %d of %d points of %s%s", dryRun ? "would remove" : "removed", r.removed(),
                r.decisions().size(), r.repository(), r.leftovers().isEmpty() ? ""
                        : ", and " + r.leftovers().size() + " incomplete point(s)"));
        for (Decision d : r.decisions()) {
            lines.add(String.format("  %-6s %s  %s", d.keep() ? "keep" : dryRun ? "REMOVE" : "gone", d.point().id(),
                    String.join("; ", d.reasons())));
        }
        r.leftovers().forEach(id -> lines.add("  " + (dryRun ? "REMOVE" : "gone") + "  " + id + "  incomplete: no manifest"));
        output.result(PruneDocument.of(r), lines.toArray(String[]::new));
        return 0;
    }
}

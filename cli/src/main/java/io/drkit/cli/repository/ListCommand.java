package io.drkit.cli.repository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.drkit.cli.Output;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.progress.Sizes;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.ProvenAt;
import io.drkit.core.repository.RepositoryOpener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Recovery points of the repository, newest first.",
            "Only complete points are listed: a point exists once its manifest is written.",
            "A point whose manifest is damaged is named after the others, and the command exits 3."})
public class ListCommand implements Callable<Integer> {

    @Mixin
    Output output;

    private final RepositoryOpener opener;

    public ListCommand(RepositoryOpener opener) {
        this.opener = opener;
    }

    /** What scripts read from {@code list --json}: the points, newest first. */
    public record ListDocument(List<PointSummary> points) {}

    /**
     * One line of the listing; a point of {@code list --json}.
     *
     * @param proof for a point without digests only: rows counted, and where its content is proven
     * @param provenAtPointId for a point without digests, the later point that proves its content; left
     *     out when there is none yet, and for a point with digests
     */
    public record PointSummary(PointId pointId, String kind, Instant time, String database, int tableCount, long rows,
            long copyBytes, long storedBytes, boolean encrypted,
            @JsonInclude(JsonInclude.Include.NON_NULL) String proof,
            @JsonInclude(JsonInclude.Include.NON_NULL) PointId provenAtPointId) {

        static PointSummary of(Manifest m, Map<PointId, PointId> provenAt) {
            Optional<PointId> at = Optional.ofNullable(provenAt.get(m.pointId()));
            return new PointSummary(m.pointId(), m.kind(), m.time(), m.source().database(),
                    m.tables().size(), m.rows(), m.copyBytes(), m.storedBytes(), m.codec().encryption() != null,
                    m.hasDigests() ? null : ProvenAt.describe(m, at), m.hasDigests() ? null : at.orElse(null));
        }
    }

    @Override
    public Integer call() {
        try (PointRepository repository = opener.open(1)) {
            PointRepository.Scan scan = repository.scan();
            Map<PointId, PointId> provenAt = ProvenAt.among(scan.points());
            List<PointSummary> points = scan.points().stream().map(m -> PointSummary.of(m, provenAt)).toList();
            List<String> lines = new ArrayList<>();
            if (points.isEmpty() && scan.damaged().isEmpty()) {
                lines.add("no recovery points in " + repository.store().uri());
            } else {
                // incremental points have longer ids and kinds than full ones
                String row = "%-" + points.stream().mapToInt(p -> p.pointId().value().length()).max().orElse(28) + "s %-"
                        + points.stream().mapToInt(p -> p.kind().length()).max().orElse(5) + "s %-20s %6s %12s %10s %s";
                lines.add(String.format(Locale.ROOT, row, "POINT", "KIND", "TIME (UTC)",
                        "TABLES", "ROWS", "STORED", "ENCRYPTED"));
                for (PointSummary p : points) {
                    lines.add(String.format(Locale.ROOT, row, p.pointId(), p.kind(),
                            p.time().truncatedTo(ChronoUnit.SECONDS), p.tableCount(), p.rows(), Sizes.human(p.storedBytes()),
                            p.encrypted() ? "yes" : "no") + (p.proof() == null ? "" : "  (" + p.proof() + ")"));
                }
            }
            for (PointRepository.DamagedPoint d : scan.damaged()) {
                lines.add("DAMAGED " + d.pointId() + ": " + d.problem().getMessage());
            }
            // the JSON stays the list of points scripts read; the damaged ones go to stderr, named
            output.result(new ListDocument(points), lines.toArray(String[]::new));
            if (!scan.damaged().isEmpty()) {
                System.err.println("drkit: " + scan.damaged().size() + " point(s) cannot be listed: "
                        + scan.damaged().stream().map(d -> d.problem().getMessage()).collect(Collectors.joining("; ")));
                return ExitCode.INTEGRITY.code();
            }
        }
        return 0;
    }
}

package io.drkit.cli.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.drkit.core.objectives.Durations;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.standby.StandbyCatalog;
import io.drkit.standby.StandbyCatalog.Standby;
import io.drkit.status.Status;

/**
 * The standbys of the repository in {@code drkit status}: the point each stands at, its lag behind the
 * newest point and behind the source (now: the RPO a failover would have), and its last proof.
 */
@Component
class StandbyLines {

    private final StandbyCatalog standbys;
    private final RepositoryOpener opener;

    StandbyLines(StandbyCatalog standbys, RepositoryOpener opener) {
        this.standbys = standbys;
        this.opener = opener;
    }

    /** The repository's standbys as the catalog has them. */
    List<Standby> all() {
        return standbys.all(opener.identity());
    }

    List<String> lines(Status s, List<Standby> all) {
        List<String> lines = new ArrayList<>();
        for (Standby b : all) {
            if (b.state() == StandbyCatalog.State.PROMOTED) {
                lines.add("standby " + b.target() + ": promoted at " + b.promotedAt() + " (point " + b.pointId() + ")");
                continue;
            }
            String where = b.pointId() == null ? "no point yet" : String.format("point %s, %s behind the newest point, "
                    + "%s behind the source; last proof %s", b.pointId(), lag(s.newestPointTime(), b.pointTime()),
                    lag(s.at(), b.pointTime()), b.provenAt());
            lines.add((b.state() == StandbyCatalog.State.FAILED ? "ALERT: " : "") + "standby " + b.target() + " "
                    + b.state().name().toLowerCase(java.util.Locale.ROOT) + ": " + where
                    + (b.problem() == null ? "" : "; " + b.problem()));
        }
        return lines;
    }

    private static String lag(Instant newer, Instant older) {
        Duration d = behind(newer, older);
        return d == null ? "unknown" : Durations.human(d);
    }

    /** How far {@code older} is behind {@code newer}, never negative; null when either is unknown. */
    static Duration behind(Instant newer, Instant older) {
        if (newer == null || older == null) {
            return null;
        }
        Duration d = Duration.between(older, newer);
        return d.isNegative() ? Duration.ZERO : d;
    }
}

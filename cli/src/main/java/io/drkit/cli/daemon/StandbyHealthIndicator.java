package io.drkit.cli.daemon;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.standby.StandbyCatalog;
import io.drkit.standby.StandbySettings;

/**
 * {@code standby}: down when the configured standby stopped at a point that does not prove; up while
 * it follows, with its point and last proof; unknown when none is configured or it has no record yet.
 */
@Component("standby")
public class StandbyHealthIndicator implements HealthIndicator {

    private final StandbySettings settings;
    private final ObjectProvider<StandbyCatalog> standbys;
    private final ObjectProvider<RepositoryOpener> opener;

    public StandbyHealthIndicator(StandbySettings settings, ObjectProvider<StandbyCatalog> standbys,
            ObjectProvider<RepositoryOpener> opener) {
        this.settings = settings;
        this.standbys = standbys;
        this.opener = opener;
    }

    @Override
    public Health health() {
        if (settings.targetUrl() == null) {
            return Health.unknown().withDetail("reason", "no standby configured (drkit.standby.target-url)").build();
        }
        String target = JdbcUrl.parse(settings.targetUrl()).redacted();
        return standbys.getObject().of(opener.getObject().identity(), target).map(s -> (switch (s.state()) {
            case FAILED -> Health.down().withDetail("problem", s.problem());
            case FOLLOWING, STOPPED -> Health.up();
            case PROMOTED -> Health.outOfService().withDetail("promotedAt", String.valueOf(s.promotedAt()));
        }).withDetail("target", target).withDetail("state", s.state().name())
                .withDetail("pointId", String.valueOf(s.pointId())).withDetail("lastProof", String.valueOf(s.provenAt()))
                .build())
                .orElseGet(() -> Health.unknown().withDetail("target", target).withDetail("reason", "no point applied yet")
                        .build());
    }
}

package io.drkit.cli.standby;

import java.time.Duration;
import java.time.Instant;

import io.drkit.core.manifest.PointId;
import io.drkit.standby.StandbyService;

/**
 * {@code drkit standby --json}: where the standby stands when the command ends (docs/json/standby.schema.json).
 *
 * @param action {@code follow} or {@code promote}
 * @param database the standby database
 * @param appliedPointCount the points applied and proven by this run
 * @param lagSeconds how far it is behind the newest point of the repository
 * @param rpoSeconds after a promotion: the age of the last applied point at that moment; null otherwise
 * @param promotionSeconds after a promotion: how long it took; null otherwise
 */
record StandbyDocument(String action, String database, PointId pointId, Instant pointTime, int appliedPointCount,
        boolean rebuilt, boolean stoppedForPromotion, Duration lagSeconds, Duration rpoSeconds,
        Duration promotionSeconds) {

    static StandbyDocument of(StandbyService.Outcome o) {
        return new StandbyDocument("follow", o.target(), o.point(), o.pointTime(), o.applied(), o.rebuilt(), o.stopped(),
                o.lag(), null, null);
    }

    static StandbyDocument of(StandbyService.Promotion p) {
        return new StandbyDocument("promote", p.target(), p.point(), p.pointTime(), p.applied(), false, false,
                p.lag(), p.rpo(), p.took());
    }
}

package io.drkit.cli.standby;

import java.time.Instant;

import io.drkit.standby.StandbyService;

/**
 * {@code drkit standby --json}: where the standby stands when the command ends.
 *
 * @param action {@code follow} or {@code promote}
 * @param lagSeconds how far it is behind the newest point of the repository
 * @param rpoSeconds after a promotion: the age of the last applied point at that moment; null otherwise
 * @param promotionSeconds after a promotion: how long it took; null otherwise
 */
record StandbyDocument(String action, String target, String pointId, Instant pointTime, int pointsApplied,
        boolean rebuilt, boolean stoppedForPromotion, double lagSeconds, Double rpoSeconds, Double promotionSeconds) {

    static StandbyDocument of(StandbyService.Outcome o) {
        return new StandbyDocument("follow", o.target(), o.point(), o.pointTime(), o.applied(), o.rebuilt(), o.stopped(),
                o.lag().toMillis() / 1000.0, null, null);
    }

    static StandbyDocument of(StandbyService.Promotion p) {
        return new StandbyDocument("promote", p.target(), p.point(), p.pointTime(), p.applied(), false, false,
                p.lag().toMillis() / 1000.0, p.rpo().toMillis() / 1000.0, p.took().toMillis() / 1000.0);
    }
}

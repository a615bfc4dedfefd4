package io.drkit.backup;

import io.drkit.core.manifest.Tier;

/**
 * What {@code drkit.tiers.hot} makes of one table's rows: all of one tier, or split by a predicate into
 * hot rows (the predicate is true) and cold ones (false or null).
 *
 * @param tier the tier of every row when {@code where} is null
 * @param where the predicate choosing the hot rows, or null
 */
public record TierRule(Tier tier, String where) {

    static final TierRule ALL_COLD = new TierRule(Tier.COLD, null);
    static final TierRule ALL_HOT = new TierRule(Tier.HOT, null);

    boolean split() {
        return where != null;
    }
}

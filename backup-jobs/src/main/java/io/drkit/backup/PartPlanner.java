package io.drkit.backup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.drkit.core.manifest.PointId;
import io.drkit.core.manifest.Tier;
import io.drkit.core.pg.SourceTable;
import io.drkit.core.repository.PointLayout;

/**
 * Splits tables into page ranges of about the target size, so one big table is read by several
 * workers at once. Parts are ordered largest first: the longest work starts early and the job does
 * not end waiting on one big table.
 *
 * <p>The parts of a table are of equal size, and a table split at all is split into a multiple of
 * the workers: a table of 1.4 target sizes as parts of 1.0 and 0.4 kept one worker busy while the
 * other waited. In a database smaller than the workers times the target size, the target shrinks to
 * the database's share of one worker, so that one big table among small ones is still read by all.
 */
public final class PartPlanner {

    /** Below this a part is not worth its request and manifest entry (the settings' floor is the same). */
    private static final long SMALLEST_SHARE = 1 << 20;

    private PartPlanner() {}

    public static List<PlannedPart> plan(PointId pointId, List<SourceTable> tables, long targetBytes,
            String codecSuffix) {
        return plan(pointId, tables, targetBytes, 1, codecSuffix, Map.of());
    }

    public static List<PlannedPart> plan(PointId pointId, List<SourceTable> tables, long targetBytes, int workers,
            String codecSuffix) {
        return plan(pointId, tables, targetBytes, workers, codecSuffix, Map.of());
    }

    /**
     * @param tiers each table's tier rule by label; empty without tiers. A part of a table split by a
     *     predicate writes two objects, its hot and its cold rows, from one read of its pages.
     */
    public static List<PlannedPart> plan(PointId pointId, List<SourceTable> tables, long targetBytes, int workers,
            String codecSuffix, Map<String, TierRule> tiers) {
        long total = tables.stream().mapToLong(SourceTable::bytes).sum();
        long target = workers <= 1 ? targetBytes
                : Math.min(targetBytes, Math.max(SMALLEST_SHARE, (total + workers - 1) / workers));
        List<PlannedPart> parts = new ArrayList<>();
        for (SourceTable t : tables) {
            TierRule rule = tiers.get(t.label());
            long bytesPerPage = t.pages() == 0 ? 0 : Math.max(1, t.bytes() / t.pages());
            long pagesPerPart = bytesPerPage == 0 ? Long.MAX_VALUE : Math.max(1, target / bytesPerPage);
            int count = t.pages() == 0 ? 1 : (int) Math.max(1, (t.pages() + pagesPerPart - 1) / pagesPerPart);
            if (count > 1) {
                count = Math.toIntExact(Math.min(t.pages(), ((long) count + workers - 1) / workers * workers));
                pagesPerPart = (t.pages() + count - 1) / count;
                count = (int) ((t.pages() + pagesPerPart - 1) / pagesPerPart);
            }
            for (int i = 0; i < count; i++) {
                long first = i * (count == 1 ? 0 : pagesPerPart);
                long end = i == count - 1 ? -1 : first + pagesPerPart;
                long estimate = count == 1 ? t.bytes() : (end < 0 ? t.pages() - first : pagesPerPart) * bytesPerPage;
                if (rule != null && rule.split()) {
                    parts.add(new PlannedPart(null, t.label(), i, first, end, estimate,
                            PointLayout.part(pointId, t.label(), i, Tier.HOT.label(), codecSuffix), Tier.HOT,
                            rule.where(), PointLayout.part(pointId, t.label(), i, Tier.COLD.label(), codecSuffix)));
                } else {
                    parts.add(new PlannedPart(null, t.label(), i, first, end, estimate,
                            PointLayout.part(pointId, t.label(), i, codecSuffix), rule == null ? null : rule.tier(),
                            null, null));
                }
            }
        }
        parts.sort(Comparator.comparingLong(PlannedPart::estimatedBytes).reversed()
                .thenComparing(PlannedPart::table).thenComparingInt(PlannedPart::number));
        List<PlannedPart> named = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            PlannedPart p = parts.get(i);
            named.add(new PlannedPart(String.format(Locale.ROOT, "part-%05d", i), p.table(), p.number(),
                    p.firstPage(), p.endPage(), p.estimatedBytes(), p.key(), p.tier(), p.where(), p.coldKey()));
        }
        return named;
    }
}

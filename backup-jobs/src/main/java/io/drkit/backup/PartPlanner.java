package io.drkit.backup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.drkit.manifest.Tier;
import io.drkit.pg.SourceTable;
import io.drkit.repository.PointLayout;

/**
 * Splits tables into page ranges of about the target size, so one big table is read by several
 * workers at once. Parts are ordered largest first: the longest work starts early and the job does
 * not end waiting on one big table.
 */
public final class PartPlanner {

    private PartPlanner() {}

    public static List<PlannedPart> plan(String pointId, List<SourceTable> tables, long targetBytes,
            String codecSuffix) {
        return plan(pointId, tables, targetBytes, codecSuffix, Map.of());
    }

    /**
     * @param tiers each table's tier rule by label; empty without tiers. A part of a table split by a
     *     predicate writes two objects, its hot and its cold rows, from one read of its pages.
     */
    public static List<PlannedPart> plan(String pointId, List<SourceTable> tables, long targetBytes,
            String codecSuffix, Map<String, TierRule> tiers) {
        List<PlannedPart> parts = new ArrayList<>();
        for (SourceTable t : tables) {
            TierRule rule = tiers.get(t.label());
            long bytesPerPage = t.pages() == 0 ? 0 : Math.max(1, t.bytes() / t.pages());
            long pagesPerPart = bytesPerPage == 0 ? Long.MAX_VALUE : Math.max(1, targetBytes / bytesPerPage);
            int count = t.pages() == 0 ? 1 : (int) Math.max(1, (t.pages() + pagesPerPart - 1) / pagesPerPart);
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

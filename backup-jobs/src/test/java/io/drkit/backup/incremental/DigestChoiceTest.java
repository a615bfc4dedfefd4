package io.drkit.backup.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.drkit.core.config.DrkitProperties.Incremental.Digests;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;

class DigestChoiceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T09:30:00Z");

    private static Manifest point(String id, Instant time, String lastProven) {
        return new Manifest(lastProven == null ? 2 : 3, PointId.of(id), Manifest.INCREMENTAL,
                PointId.of("20261126T010000Z-full-aaaa"), time, null, null, null, null, List.of(), null, "test", null, null,
                null, null, lastProven == null ? null : PointId.of(lastProven));
    }

    @Test
    void dailyTakesDigestsAtTheFirstPointOfEachUtcDay() {
        // the parent proved itself yesterday: the first point of today takes digests
        Manifest yesterday = point("20261126T234500Z-incremental-aaaa", Instant.parse("2026-11-26T23:45:00Z"), null);
        assertThat(DigestChoice.digests(Digests.DAILY, false, yesterday, NOW)).isTrue();
        // proven today already, by the parent or by the point the parent names
        Manifest provenToday = point("20261127T000500Z-incremental-bbbb", Instant.parse("2026-11-27T00:05:00Z"), null);
        assertThat(DigestChoice.digests(Digests.DAILY, false, provenToday, NOW)).isFalse();
        Manifest countedToday = point("20261127T091500Z-incremental-cccc", Instant.parse("2026-11-27T09:15:00Z"),
                "20261127T000500Z-incremental-bbbb");
        assertThat(DigestChoice.digests(Digests.DAILY, false, countedToday, NOW)).isFalse();
        assertThat(DigestChoice.lastProven(countedToday)).isEqualTo(PointId.of("20261127T000500Z-incremental-bbbb"));
        assertThat(DigestChoice.lastProven(provenToday)).isEqualTo(PointId.of("20261127T000500Z-incremental-bbbb"));
        // a point of today that counts rows, resting on yesterday's proof (digests were none until now)
        Manifest countedOnYesterday = point("20261127T091500Z-incremental-dddd", Instant.parse("2026-11-27T09:15:00Z"),
                "20261126T000500Z-incremental-eeee");
        assertThat(DigestChoice.digests(Digests.DAILY, false, countedOnYesterday, NOW)).isTrue();

        assertThat(DigestChoice.digests(Digests.NONE, false, yesterday, NOW)).isFalse();
        assertThat(DigestChoice.digests(Digests.NONE, true, countedToday, NOW)).as("--digests").isTrue();
        assertThat(DigestChoice.digests(Digests.EVERY, false, countedToday, NOW)).isTrue();
    }
}

package io.drkit.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.drkit.core.manifest.PointId;
import io.drkit.core.retention.RetentionPolicy.Decision;
import io.drkit.core.retention.RetentionPolicy.Point;

class RetentionPolicyTest {

    /** The points' ids by the names the tests give them (a point id is checked, so a name cannot be one). */
    private static final Map<String, PointId> IDS = new ConcurrentHashMap<>();

    private static PointId id(String name) {
        return IDS.computeIfAbsent(name, n -> PointId.of("20260101T000000Z-" + (n.startsWith("i") ? "incremental" : "full")
                + "-" + String.format("%04x", n.hashCode() & 0xffff)));
    }

    private static String name(PointId id) {
        return IDS.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
    }

    private static Point p(String name, String time) {
        return new Point(id(name), Instant.parse(time));
    }

    /** Twelve points over four months; the kept set worked out by hand from the calendar. */
    private static final List<Point> HISTORY = List.of(
            p("p1", "2026-11-25T06:00:00Z"), p("p2", "2026-11-25T00:30:00Z"),
            p("p3", "2026-11-24T18:00:00Z"), p("p4", "2026-11-24T06:00:00Z"),
            p("p5", "2026-11-23T12:00:00Z"), // Monday of ISO week 48
            p("p6", "2026-11-22T12:00:00Z"), // Sunday: the newest of week 47
            p("p7", "2026-11-16T12:00:00Z"), p("p8", "2026-11-10T12:00:00Z"),
            p("p9", "2026-10-31T12:00:00Z"), p("p10", "2026-10-01T12:00:00Z"),
            p("p11", "2026-09-15T12:00:00Z"), p("p12", "2026-08-01T12:00:00Z"));

    @Test
    void keepsTheLastTheNewestOfEachDayWeekAndMonthAndRemovesTheRest() {
        List<Decision> d = new RetentionPolicy(2, 3, 2, 3).apply(HISTORY, Map.of());

        assertThat(d.stream().filter(Decision::keep).map(x -> name(x.point().id())))
                .containsExactly("p1", "p2", "p3", "p5", "p6", "p9", "p11");
        assertThat(reasons(d, "p1")).containsExactly("one of the last 2", "newest of day 2026-11-25",
                "newest of week 2026-W48", "newest of month 2026-11");
        assertThat(reasons(d, "p6")).containsExactly("newest of week 2026-W47");
        assertThat(reasons(d, "p9")).containsExactly("newest of month 2026-10");
        assertThat(reasons(d, "p4").get(0)).startsWith("beyond the last 2");
    }

    @Test
    void aProtectedPointStaysWhateverTheRulesSay() {
        List<Decision> d = new RetentionPolicy(2, 3, 2, 3).apply(HISTORY, Map.of(id("p12"), "the newest point a restore proved whole"));

        assertThat(d.stream().filter(x -> x.point().id().equals(id("p12"))).findFirst().orElseThrow().keep()).isTrue();
        assertThat(reasons(d, "p12")).containsExactly("the newest point a restore proved whole");
        assertThat(d.stream().filter(x -> !x.keep()).map(x -> name(x.point().id()))).containsExactly("p4", "p7", "p8", "p10");
    }

    @Test
    void aKeptIncrementalKeepsEveryPointItStandsOnAndNoOther() {
        // a full point at midnight, incrementals every six hours on it; a second chain from the next night
        List<Point> chains = List.of(
                new Point(id("f2"), Instant.parse("2026-11-25T00:00:00Z")),
                new Point(id("i2a"), Instant.parse("2026-11-25T06:00:00Z"), id("f2")),
                new Point(id("f1"), Instant.parse("2026-11-24T00:00:00Z")),
                new Point(id("i1a"), Instant.parse("2026-11-24T06:00:00Z"), id("f1")),
                new Point(id("i1b"), Instant.parse("2026-11-24T12:00:00Z"), id("i1a")),
                new Point(id("i1c"), Instant.parse("2026-11-24T18:00:00Z"), id("i1b")),
                new Point(id("f0"), Instant.parse("2026-11-23T00:00:00Z")),
                new Point(id("i0a"), Instant.parse("2026-11-23T06:00:00Z"), id("f0")));
        List<Decision> d = new RetentionPolicy(1, 2, 0, 0).apply(chains, Map.of());

        assertThat(d.stream().filter(Decision::keep).map(x -> name(x.point().id())))
                .containsExactlyInAnyOrder("i2a", "f2", "i1c", "i1b", "i1a", "f1");
        assertThat(reasons(d, "f1")).containsExactly("point " + id("i1c") + " stands on it");
        assertThat(reasons(d, "i1a")).containsExactly("point " + id("i1c") + " stands on it");
        assertThat(d.stream().filter(x -> !x.keep()).map(x -> name(x.point().id()))).as("newest first: a chain goes from its tip, never leaving an incremental without its base").containsExactly("i0a", "f0");
    }

    @Test
    void nothingIsKeptByAnEmptyPolicyButWhatIsProtected() {
        RetentionPolicy none = new RetentionPolicy(0, 0, 0, 0);
        assertThat(none.apply(HISTORY, Map.of()).stream().filter(Decision::keep)).isEmpty();

        List<Decision> d = none.apply(HISTORY, Map.of(id("p7"), "the newest point a restore proved whole"));
        assertThat(d.stream().filter(Decision::keep).map(x -> name(x.point().id()))).containsExactly("p7");
        assertThat(reasons(d, "p7")).containsExactly("the newest point a restore proved whole");

        // a protected incremental keeps what it stands on, and nothing else
        List<Point> chain = List.of(new Point(id("f1"), Instant.parse("2026-11-24T00:00:00Z")),
                new Point(id("i1a"), Instant.parse("2026-11-24T06:00:00Z"), id("f1")),
                new Point(id("i1b"), Instant.parse("2026-11-24T12:00:00Z"), id("i1a")),
                new Point(id("i1c"), Instant.parse("2026-11-24T18:00:00Z"), id("i1b")));
        assertThat(none.apply(chain, Map.of(id("i1b"), "proved whole")).stream().filter(Decision::keep)
                .map(x -> name(x.point().id()))).containsExactly("i1b", "i1a", "f1");
    }

    @Test
    void aKeptPointWithoutDigestsKeepsTheLaterPointThatProvesIt() {
        // i2a and i2b count rows only; i2c has digests and proves them; i2d counts rows, nothing proves it yet
        List<Point> chain = List.of(new Point(id("f2"), Instant.parse("2026-11-25T00:00:00Z")),
                new Point(id("i2a"), Instant.parse("2026-11-25T06:00:00Z"), id("f2"), false),
                new Point(id("i2b"), Instant.parse("2026-11-25T12:00:00Z"), id("i2a"), false),
                new Point(id("i2c"), Instant.parse("2026-11-26T00:10:00Z"), id("i2b"), true),
                new Point(id("i2d"), Instant.parse("2026-11-26T06:00:00Z"), id("i2c"), false));
        RetentionPolicy none = new RetentionPolicy(0, 0, 0, 0);
        List<Decision> d = none.apply(chain, Map.of(id("i2a"), "proved whole"));
        assertThat(d.stream().filter(Decision::keep).map(x -> name(x.point().id())))
                .containsExactlyInAnyOrder("i2c", "i2b", "i2a", "f2");
        assertThat(reasons(d, "i2c")).containsExactly("proves the content of point " + id("i2a"));
        assertThat(reasons(d, "i2b")).containsExactly("point " + id("i2c") + " stands on it");

        // a kept point with digests needs nothing later; one without, with no proving point yet, keeps only its chain
        assertThat(none.apply(chain, Map.of(id("i2d"), "newest")).stream().filter(Decision::keep).map(x -> name(x.point().id())))
                .containsExactlyInAnyOrder("i2d", "i2c", "i2b", "i2a", "f2");
        assertThat(none.apply(chain, Map.of(id("i2c"), "newest")).stream().filter(Decision::keep).map(x -> name(x.point().id())))
                .containsExactlyInAnyOrder("i2c", "i2b", "i2a", "f2");
    }

    private static List<String> reasons(List<Decision> decisions, String name) {
        return decisions.stream().filter(x -> x.point().id().equals(id(name))).findFirst().orElseThrow().reasons();
    }
}

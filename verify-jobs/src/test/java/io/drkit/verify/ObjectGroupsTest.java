package io.drkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.drkit.core.manifest.PointId;

class ObjectGroupsTest {

    private static final PointId P1 = PointId.of("20261125T031500Z-full-3fa9");
    private static final PointId P2 = PointId.of("20261125T091500Z-incremental-0b1c");

    @Test
    void everyObjectGoesIntoExactlyOneGroupAndTheGroupsCarryAboutEqualBytes() {
        List<ObjectCheck> objects = new ArrayList<>();
        // one big object and many small ones, as a repository of one big table and many small ones holds
        objects.add(new ObjectCheck(P1, "points/p1/data/big/00001.zst", 800, "a".repeat(64), true));
        for (int i = 0; i < 200; i++) {
            objects.add(new ObjectCheck(i % 2 == 0 ? P1 : P2, "points/p/data/t" + i + "/00001.zst", 10 + i % 7,
                    "b".repeat(64), i % 5 != 0));
        }
        Map<String, ExecutionContext> groups = ObjectGroups.of(objects).partition(2);

        assertThat(groups).hasSize(8);
        List<ObjectCheck> back = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        groups.values().forEach(c -> {
            List<ObjectCheck> group = ObjectGroups.objects(c);
            back.addAll(group);
            bytes.add(group.stream().mapToLong(ObjectCheck::bytes).sum());
        });
        assertThat(back).as("each object once, as it went in").containsExactlyInAnyOrderElementsOf(objects);
        long big = 800;
        long rest = bytes.stream().mapToLong(Long::longValue).sum() - big;
        // the big object alone in its group; the others share the rest evenly, to within one small object
        assertThat(bytes).contains(big);
        List<Long> others = new ArrayList<>(bytes);
        others.remove(Long.valueOf(big));
        assertThat(others.stream().mapToLong(Long::longValue).max().getAsLong()
                - others.stream().mapToLong(Long::longValue).min().getAsLong()).isLessThanOrEqualTo(16);
        assertThat(rest).isEqualTo(objects.stream().mapToLong(ObjectCheck::bytes).sum() - big);
        assertThat(groups.keySet()).as("the group holding the big object is handed out first").first()
                .satisfies(first -> assertThat(ObjectGroups.objects(groups.get(first))).extracting(ObjectCheck::bytes)
                        .contains(big));
    }

    @Test
    void fewerObjectsThanGroupsMakeOneGroupEachAndNoneMakeOneEmptyGroup() {
        List<ObjectCheck> two = List.of(new ObjectCheck(P1, "k1", 5, "s", true), new ObjectCheck(P1, "k2", 6, "s", true));
        assertThat(ObjectGroups.of(two).partition(4)).hasSize(2);
        Map<String, ExecutionContext> none = ObjectGroups.of(List.of()).partition(4);
        assertThat(none).hasSize(1);
        assertThat(ObjectGroups.objects(none.values().iterator().next())).isEmpty();
    }
}

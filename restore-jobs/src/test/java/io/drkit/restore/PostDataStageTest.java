package io.drkit.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.drkit.core.pg.DumpScript;

/** Which post-data statement a staged restore runs before serving, and which after, and how. */
class PostDataStageTest {

    /** s.hot has hot and cold rows; s.recent only hot rows; s.history only cold rows; s.ev is partitioned. */
    private static final TierRows ROWS = new TierRows(Map.of("s.hot", 5L, "s.recent", 3L, "s.ev_2026_11", 4L, "s.ev", 4L),
            Map.of("s.hot", 50L, "s.history", 70L, "s.ev_2026_01", 9L, "s.ev", 9L));
    private static final Map<String, String> ROOTS = Map.of("s.ev_2026_01", "s.ev", "s.ev_2026_11", "s.ev");

    private static final PostDataPlan WHOLE = new PostDataPlan("SET x = 1;", List.of(
            step(0, "CONSTRAINT", "history history_pkey", "ALTER TABLE ONLY s.history ADD CONSTRAINT history_pkey PRIMARY KEY (id);", "s.history"),
            step(1, "INDEX", "history_at_idx", "CREATE INDEX history_at_idx ON s.history USING btree (at);", "s.history"),
            step(2, "INDEX", "hot_at_idx", "CREATE INDEX hot_at_idx ON s.hot USING btree (at);", "s.hot"),
            step(3, "INDEX", "ev_w_idx", "CREATE INDEX ev_w_idx ON ONLY s.ev USING btree (w);", "s.ev"),
            step(4, "INDEX", "ev_2026_01_w_idx", "CREATE INDEX ev_2026_01_w_idx ON s.ev_2026_01 USING btree (w);", "s.ev_2026_01"),
            step(5, "INDEX", "ev_2026_11_w_idx", "CREATE INDEX ev_2026_11_w_idx ON s.ev_2026_11 USING btree (w);", "s.ev_2026_11")),
            List.of(
                    step(6, "INDEX ATTACH", "ev_2026_01_w_idx", "ALTER INDEX s.ev_w_idx ATTACH PARTITION s.ev_2026_01_w_idx;", null),
                    step(7, "INDEX ATTACH", "ev_2026_11_w_idx", "ALTER INDEX s.ev_w_idx ATTACH PARTITION s.ev_2026_11_w_idx;", null),
                    fk(8, "ALTER TABLE ONLY s.recent\n    ADD CONSTRAINT recent_hot_fkey FOREIGN KEY (h) REFERENCES s.hot(id);", "s.recent", "s.hot"),
                    fk(9, "ALTER TABLE ONLY s.hot\n    ADD CONSTRAINT hot_history_fkey FOREIGN KEY (h) REFERENCES s.history(id);", "s.hot", "s.history"),
                    fk(10, "ALTER TABLE s.ev\n    ADD CONSTRAINT ev_hot_fkey FOREIGN KEY (h) REFERENCES s.hot(id);", "s.ev", "s.hot"),
                    step(11, "TRIGGER", "recent t", "CREATE TRIGGER t AFTER INSERT ON s.recent FOR EACH ROW EXECUTE FUNCTION s.f();", null),
                    step(12, "TRIGGER", "hot t", "CREATE TRIGGER t AFTER INSERT ON s.hot FOR EACH ROW EXECUTE FUNCTION s.f();", null),
                    step(13, "POLICY", "history p", "CREATE POLICY p ON s.history USING (true);", null),
                    step(14, "MATERIALIZED VIEW DATA", "mv", "REFRESH MATERIALIZED VIEW s.mv;", null)),
            List.of());

    @Test
    void beforeServingKeysTheIndexesOfServingTablesForeignKeysNotValidAndWhatHasNoColdRows() {
        PostDataPlan hot = PostDataStage.HOT.of(WHOLE, ROWS, ROOTS);

        assertThat(items(hot.parallel())).containsExactly("post-data 0", "post-data 2", "post-data 3", "post-data 5");
        assertThat(hot.parallel()).noneMatch(PostDataPlan.Step::concurrently);
        assertThat(items(hot.serial())).containsExactly("post-data 7", "post-data 8", "post-data 11", "post-data 13");
        assertThat(hot.serial().get(1).entry().sql()).endsWith("REFERENCES s.hot(id) NOT VALID;");
    }

    @Test
    void whileServingIndexesOfColdOnlyTablesConcurrentlyThenTheOtherKeysAndEveryValidation() {
        PostDataPlan cold = PostDataStage.COLD.of(WHOLE, ROWS, ROOTS);

        assertThat(items(cold.parallel())).containsExactly("post-data 1", "post-data 4");
        assertThat(cold.parallel()).allMatch(PostDataPlan.Step::concurrently);
        assertThat(cold.parallel().get(0).entry().sql()).startsWith("CREATE INDEX CONCURRENTLY history_at_idx ON");
        assertThat(items(cold.serial())).containsExactly("post-data 6", "post-data 8 validate", "post-data 9",
                "post-data 9 validate", "post-data 10", "post-data 12", "post-data 14");
        assertThat(cold.serial().get(1).entry().sql()).isEqualTo("ALTER TABLE s.recent VALIDATE CONSTRAINT recent_hot_fkey;");
        assertThat(cold.serial().get(2).entry().sql()).endsWith("NOT VALID;");
        assertThat(cold.serial().get(4).entry().sql()).as("a partitioned table's key, as pg_dump wrote it")
                .doesNotContain("NOT VALID");
    }

    @Test
    void aRestoreInOneStageRunsEverythingAsPgDumpWroteIt() {
        assertThat(PostDataStage.ALL.of(WHOLE, ROWS, ROOTS)).isSameAs(WHOLE);
    }

    private static List<String> items(List<PostDataPlan.Step> steps) {
        return steps.stream().map(PostDataPlan.Step::item).toList();
    }

    private static PostDataPlan.Step step(int i, String type, String name, String sql, String table) {
        return new PostDataPlan.Step("post-data " + i, new DumpScript.Entry(type, name, "s", sql), table);
    }

    private static PostDataPlan.Step fk(int i, String sql, String from, String to) {
        return new PostDataPlan.Step("post-data " + i, new DumpScript.Entry("FK CONSTRAINT", "x", "s", sql), from,
                Set.of(from, to));
    }
}

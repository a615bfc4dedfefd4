package io.drkit.core.testing;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The oracle of the restore tests catches what a restore can get wrong: an index, a constraint, a
 * row, a sequence left behind; and it does not tell rows loaded in another order apart.
 */
@ExtendWith(RealServices.class)
class SourceCaptureTest {

    private static final String SCHEMA = "CREATE TABLE parcels (id serial PRIMARY KEY, code text NOT NULL, weight numeric "
            + "CHECK (weight > 0)); CREATE INDEX parcels_code ON parcels (code);";

    @Test
    void theSameRowsInAnotherOrderAreTheSource(TestDatabase source, TestDatabase copy) throws Exception {
        sql(source, SCHEMA + "INSERT INTO parcels (code, weight) VALUES ('a', 1), ('b', 2), ('c', 3)");
        // loaded in the opposite order, as parallel parts may be, sequence set as a restore sets it
        sql(copy, SCHEMA + "INSERT INTO parcels VALUES (3, 'c', 3), (2, 'b', 2), (1, 'a', 1); "
                + "SELECT setval('parcels_id_seq', 3)");
        SourceCapture expected = SourceCapture.of(source);

        assertThat(expected.rows()).isEqualTo(3);
        assertThat(expected.sequences()).containsKey("public.parcels_id_seq");
        assertThatRestored(copy).isTheSource(expected);
    }

    @Test
    void aMissingIndexConstraintRowOrSequencePositionIsNamed(TestDatabase source, TestDatabase copy) throws Exception {
        sql(source, SCHEMA + "INSERT INTO parcels (code, weight) VALUES ('a', 1), ('b', 2), ('c', 3)");
        sql(copy, SCHEMA + "INSERT INTO parcels VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3); "
                + "SELECT setval('parcels_id_seq', 3)");
        SourceCapture expected = SourceCapture.of(source);

        sql(copy, "DROP INDEX parcels_code");
        assertThatThrownBy(() -> assertThatRestored(copy).isTheSource(expected))
                .hasMessageContaining("schema: missing 1 statement(s) of the source, the first: CREATE INDEX parcels_code");
        sql(copy, "CREATE INDEX parcels_code ON parcels (code); ALTER TABLE parcels DROP CONSTRAINT parcels_weight_check");
        assertThatThrownBy(() -> assertThatRestored(copy).isTheSource(expected)).hasMessageContaining("weight > ");

        sql(copy, "ALTER TABLE parcels ADD CHECK (weight > 0); DELETE FROM parcels WHERE id = 2");
        assertThatThrownBy(() -> assertThatRestored(copy).isTheSource(expected))
                .hasMessageContaining("table public.parcels: 2 rows, the source 3; 1 of the source's missing (the first: 2 b 2)");

        sql(copy, "INSERT INTO parcels VALUES (2, 'b', 2); SELECT setval('parcels_id_seq', 2)");
        assertThatThrownBy(() -> assertThatRestored(copy).isTheSource(expected))
                .hasMessageContaining("sequence public.parcels_id_seq at 2 (used), the source's at 3 (used)");
        assertThatThrownBy(() -> assertThatRestored(copy).isTheSourceWithSequencesAtOrPast(expected))
                .hasMessageContaining("at or past it expected");

        sql(copy, "SELECT setval('parcels_id_seq', 7)");
        assertThatThrownBy(() -> assertThatRestored(copy).isTheSource(expected)).hasMessageContaining("7 (used)");
        assertThatRestored(copy).as("a restore to a moment").isTheSourceWithSequencesAtOrPast(expected);

        sql(copy, "CREATE EXTENSION IF NOT EXISTS amcheck");
        assertThatThrownBy(() -> assertThatRestored(copy).isTheSourceWithSequencesAtOrPast(expected))
                .hasMessageContaining("statement(s) the source lacks, the first: CREATE EXTENSION IF NOT EXISTS amcheck");
        assertThatRestored(copy).ignoringExtension("amcheck").isTheSourceWithSequencesAtOrPast(expected);
    }

    private static void sql(TestDatabase db, String statements) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }
}

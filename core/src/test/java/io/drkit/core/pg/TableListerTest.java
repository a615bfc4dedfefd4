package io.drkit.core.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.core.error.DrkitException;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

@ExtendWith(RealServices.class)
class TableListerTest {

    @Test
    void choosesLeafTablesBySchemaAndPatternsSoPartitionedDataIsCopiedOnce(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE SCHEMA app; CREATE SCHEMA audit;
                    CREATE TABLE app.parcels (id int PRIMARY KEY, label text, weight numeric,
                        label_upper text GENERATED ALWAYS AS (upper(label)) STORED);
                    CREATE TABLE app.events (id int, at date) PARTITION BY RANGE (at);
                    CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                    CREATE TABLE app.events_rest PARTITION OF app.events DEFAULT;
                    CREATE TABLE app.tmp_import (x int);
                    CREATE UNLOGGED TABLE app.cache (x int);
                    CREATE VIEW app.parcel_view AS SELECT id FROM app.parcels;
                    CREATE TABLE audit.log (x int);
                    INSERT INTO app.parcels (id, label) SELECT g, 'p' || g FROM generate_series(1, 5000) g;
                    """);

            assertThat(labels(TableLister.list(c, List.of(), List.of(), List.of())))
                    .as("unlogged tables are backed up as pg_dump does; views hold no rows")
                    .containsExactly("app.cache", "app.events_2026", "app.events_rest", "app.parcels", "app.tmp_import",
                            "audit.log");
            assertThat(labels(TableLister.list(c, List.of("app"), List.of(), List.of("app.tmp_*", "app.events", "app.cache"))))
                    .as("excluding a partitioned table excludes its leaves").containsExactly("app.parcels");
            assertThat(labels(TableLister.list(c, List.of(), List.of("app.events"), List.of())))
                    .containsExactly("app.events_2026", "app.events_rest");

            SourceTable parcels = TableLister.list(c, List.of(), List.of("app.parcels"), List.of()).get(0);
            assertThat(parcels.columns()).as("generated columns are computed on restore, not copied")
                    .containsExactly("id", "label", "weight");
            assertThat(parcels.pages()).as("sizes come later, after the tables are locked").isZero();
            SourceTable sized = TableLister.withSizes(c, List.of(parcels)).get(0);
            assertThat(sized.pages()).isPositive();
            assertThat(sized.bytes()).as("small tables: heap and TOAST size").isGreaterThanOrEqualTo(sized.pages() * 8192);
            assertThat(TableLister.list(c, List.of(), List.of("app.events_2026"), List.of()).get(0).partitionRoot())
                    .isEqualTo("app.events");

            assertThatThrownBy(() -> TableLister.list(c, List.of("nosuch"), List.of(), List.of()))
                    .isInstanceOf(DrkitException.class).hasMessageContaining("no table to back up")
                    .hasMessageContaining("nosuch");
        }
    }

    @Test
    void bigTablesAreSizedBySamplingTheirCopyText(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // hex bytea: COPY text is bigger than what the heap holds
            s.execute("""
                    CREATE TABLE proofs (id int, image bytea);
                    INSERT INTO proofs SELECT g, decode(repeat(md5(g::text), 4), 'hex') FROM generate_series(1, 150000) g;
                    """);
            SourceTable proofs = TableLister.withSizes(c, TableLister.list(c, List.of(), List.of(), List.of())).get(0);
            assertThat(proofs.pages()).isGreaterThan(TableLister.SAMPLE_ABOVE_PAGES);

            CountingStream copy = new CountingStream();
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut("COPY proofs TO STDOUT", copy);
            assertThat(copy.count).as("COPY text is bigger than the heap").isGreaterThan(proofs.pages() * 8192);
            assertThat((double) proofs.bytes()).isCloseTo(copy.count, org.assertj.core.data.Percentage.withPercentage(20));
        }
    }

    private static final class CountingStream extends java.io.OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private static List<String> labels(List<SourceTable> tables) {
        return tables.stream().map(SourceTable::label).toList();
    }
}

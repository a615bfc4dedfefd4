package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * Every common column type and naming trap, backed up and restored by drkit and by the break-glass
 * script: both give the source again.
 */
@ExtendWith(RealServices.class)
class AwkwardDatabaseRestoreIT {

    static final String AWKWARD = """
            CREATE SCHEMA "Sales Dept";
            CREATE SCHEMA ops;
            CREATE TYPE ops.mood AS ENUM ('calm', 'busy', 'on fire');
            CREATE DOMAIN ops.positive_weight AS numeric CHECK (VALUE > 0);
            CREATE TABLE ops.everything (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                parent_id bigint REFERENCES ops.everything (id),
                raw bytea,
                tags text[],
                matrix int[][],
                doc jsonb,
                mood ops.mood,
                weight ops.positive_weight,
                amount numeric,
                ratio double precision,
                seen timestamptz,
                day date,
                note text,
                maybe text,
                note_length int GENERATED ALWAYS AS (length(note)) STORED
            );
            INSERT INTO ops.everything (parent_id, raw, tags, matrix, doc, mood, weight, amount, ratio, seen, day, note, maybe)
            VALUES (NULL, '\\x00ff5c0a09'::bytea, ARRAY['a,b', 'c"d', NULL, ''], '{{1,2},{3,4}}',
                    '{"k": [1, "two", null], "emoji": "\\ud83d\\udce6"}', 'on fire', 1.5, 'NaN', 'NaN',
                    'infinity', 'infinity', E'tab\\there\\nnew line \\\\ backslash 李雷 📦', ''),
                   (1, '', '{}', NULL, 'null', 'calm', 0.001, 'Infinity', '-Infinity', '-infinity', '-infinity',
                    E'\\\\N is not null', NULL),
                   (2, NULL, NULL, NULL, NULL, NULL, NULL, '-Infinity', 0, '2026-11-25 10:00:00.123456+08', '2026-02-28',
                    '', 'x');
            INSERT INTO ops.everything (parent_id, raw, tags, doc, mood, weight, amount, seen, day, note, maybe)
            SELECT CASE WHEN g > 3 THEN g - 1 END, decode(md5(g::text), 'hex'), ARRAY[g::text, 'tag ' || g],
                   jsonb_build_object('n', g, 'name', '张伟 ' || g), (ARRAY['calm','busy','on fire'])[g % 3 + 1]::ops.mood,
                   g / 7.0 + 0.01, g * 1.25, now() - g * interval '1 minute', date '2026-01-01' + g % 300,
                   'row ' || g || E'\\twith tab', CASE WHEN g % 2 = 0 THEN '' END
            FROM generate_series(4, 6000) g;
            CREATE TABLE "Sales Dept"."Order Lines" ("Line No" int, "Qty" int, "Comment" text);
            INSERT INTO "Sales Dept"."Order Lines" SELECT g, g % 5, CASE WHEN g % 3 = 0 THEN NULL ELSE 'c' || g END
            FROM generate_series(1, 500) g;
            CREATE TABLE ops.readings (at timestamptz NOT NULL, value double precision, PRIMARY KEY (at))
                PARTITION BY RANGE (at);
            CREATE TABLE ops.readings_2026 PARTITION OF ops.readings
                FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            CREATE TABLE ops.readings_other PARTITION OF ops.readings DEFAULT;
            INSERT INTO ops.readings SELECT timestamptz '2026-06-01' + g * interval '1 hour', g / 3.0
            FROM generate_series(1, 3000) g;
            INSERT INTO ops.readings VALUES ('infinity', 'NaN'), ('2020-01-01', '-Infinity');
            CREATE SEQUENCE ops.invoice_no START 1000 INCREMENT 7;
            SELECT nextval('ops.invoice_no'), nextval('ops.invoice_no');
            CREATE INDEX everything_doc_idx ON ops.everything USING gin (doc);
            CREATE UNIQUE INDEX "Order Lines no" ON "Sales Dept"."Order Lines" ("Line No");
            """;

    @TempDir
    Path dir;

    @Test
    void anAwkwardDatabaseRestoresToItselfThroughDrkitAndThroughTheBreakGlassScript(TestDatabase source,
            TestDatabase catalog, TestDatabase byHand) throws Exception {
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute(AWKWARD);
        }
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir);
        b.init();
        JsonNode point = b.backup();
        assertThat(point.get("parts").asInt()).as("ops.everything is split").isGreaterThan(point.get("tableCount").asInt());

        try (RestoreFixture f = new RestoreFixture(b)) {
            JsonNode r = f.restore("--keep");
            JdbcUrl restored = f.scratchServer.withDatabase(r.get("database").asString());

            assertThat(RestoreFixture.schemaOf(restored)).isEqualTo(RestoreFixture.schemaOf(source.url()));
            assertThat(RestoreFixture.dataOf(restored)).isEqualTo(RestoreFixture.dataOf(source.url()));
        }

        b.breakGlassInto(point.get("pointId").asString(), byHand);
        assertThat(RestoreFixture.dataOf(byHand.url())).isEqualTo(RestoreFixture.dataOf(source.url()));
    }
}

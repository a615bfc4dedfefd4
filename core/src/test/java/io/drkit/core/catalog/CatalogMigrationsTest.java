package io.drkit.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

@ExtendWith(RealServices.class)
class CatalogMigrationsTest {

    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void theNewestVersionItKnowsIsTheNewestMigrationShipped() throws Exception {
        URL folder = getClass().getClassLoader().getResource("db/catalog");
        assertThat(folder).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            int newest = files.map(f -> VERSION.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).max(Comparator.naturalOrder()).orElseThrow();
            assertThat(CatalogMigrations.LATEST)
                    .as("a new migration must raise CatalogMigrations.LATEST, or catalogs already there never get it")
                    .isEqualTo(Integer.toString(newest));
        }
    }

    @Test
    void migratesAnEmptyCatalogThenSeesItCurrentAndMigratesOneABuildBehind(TestDatabase db)
            throws Exception {
        assertThat(CatalogMigrations.current(db.dataSource())).as("no history table yet").isFalse();
        CatalogMigrations.migrate(db.dataSource());
        assertThat(CatalogMigrations.current(db.dataSource())).isTrue();
        assertThat(tableCount(db)).as("Spring Batch's and drkit's tables").isGreaterThan(10);

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // a catalog left by the build before the newest migration (V12 added drkit_drill.kind)
            s.execute("ALTER TABLE drkit_drill DROP COLUMN kind");
            s.execute("DELETE FROM flyway_schema_history WHERE version = '12'");
        }
        assertThat(CatalogMigrations.current(db.dataSource())).isFalse();
        CatalogMigrations.migrate(db.dataSource());
        assertThat(CatalogMigrations.current(db.dataSource())).isTrue();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM drkit_drill WHERE kind IS NOT NULL")) {
            assertThat(rs.next()).as("the newest migration's column is there again").isTrue();
        }
    }

    private static int tableCount(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

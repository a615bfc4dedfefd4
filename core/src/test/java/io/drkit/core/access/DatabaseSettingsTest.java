package io.drkit.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.drkit.core.manifest.Manifest.Setting;

/** Settings come back as PostgreSQL stored them: a list element by element, anything else whole. */
class DatabaseSettingsTest {

    @Test
    void aSearchPathIsSplitIntoItsElementsAsPgDumpDoes() {
        assertThat(DatabaseSettings.splitList("tracking, public")).containsExactly("tracking", "public");
        assertThat(DatabaseSettings.splitList("\"$user\", public")).containsExactly("$user", "public");
        assertThat(DatabaseSettings.splitList("\"Sales Dept\",\"a\"\"b\"")).containsExactly("Sales Dept", "a\"b");
        assertThat(DatabaseSettings.splitList("\"\"")).containsExactly("");
        assertThat(DatabaseSettings.splitList("")).isEmpty();
    }

    @Test
    void statementsNameTheDatabaseOrTheRoleInItAndQuoteEveryValue() {
        assertThat(DatabaseSettings.statement(new Setting(null, "search_path", "tracking, \"$user\""), "\"copy\""))
                .isEqualTo("ALTER DATABASE \"copy\" SET \"search_path\" TO 'tracking', '$user'");
        assertThat(DatabaseSettings.statement(new Setting("app", "work_mem", "64MB"), ":\"DBNAME\""))
                .isEqualTo("ALTER ROLE \"app\" IN DATABASE :\"DBNAME\" SET \"work_mem\" TO '64MB'");
        assertThat(DatabaseSettings.statement(new Setting(null, "app.note", "it's"), "d"))
                .isEqualTo("ALTER DATABASE d SET \"app.note\" TO 'it''s'");
        assertThat(DatabaseSettings.statement(new Setting(null, "search_path", "\"\""), "d"))
                .isEqualTo("ALTER DATABASE d SET \"search_path\" TO ''");
    }
}

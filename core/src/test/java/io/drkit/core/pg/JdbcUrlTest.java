package io.drkit.core.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.error.DrkitException;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

/**
 * URLs as operators write them: JDBC URLs and libpq's {@code postgresql://} URIs, read by pgjdbc, with
 * the password from the URL or from {@code ~/.pgpass}, and never shown.
 */
@ExtendWith(RealServices.class)
class JdbcUrlTest {

    @TempDir
    Path dir;

    @Test
    void aLibpqUriMeansTheSameAsItsJdbcUrl() {
        JdbcUrl uri = JdbcUrl.parse("postgresql://ops:s3cr%40t@db1.example:5433/tracking?sslmode=require&connect_timeout=7");
        assertThat(uri.host()).isEqualTo("db1.example");
        assertThat(uri.port()).isEqualTo(5433);
        assertThat(uri.database()).isEqualTo("tracking");
        assertThat(uri.user()).isEqualTo("ops");
        assertThat(uri.parameters()).containsEntry("password", "s3cr@t").containsEntry("sslmode", "require")
                .as("libpq's name, pgjdbc's meaning").containsEntry("connectTimeout", "7");
        assertThat(uri.url()).startsWith("jdbc:postgresql://db1.example:5433/tracking?");

        JdbcUrl jdbc = JdbcUrl.parse("jdbc:postgresql://db1.example:5433/tracking?user=ops&password=s3cr%40t&sslmode=require");
        assertThat(jdbc.parameters()).containsEntry("password", "s3cr@t").containsEntry("user", "ops");
        assertThat(JdbcUrl.parse("postgres://db1.example/tracking").port()).as("postgres:// too, port 5432 by default")
                .isEqualTo(5432);
        assertThat(JdbcUrl.parse("postgresql://[::1]:5432/tracking").host()).isEqualTo("::1");
        assertThat(uri.withDatabase("drkit scratch").database()).isEqualTo("drkit scratch");
        assertThat(uri.withDatabase("postgres").parameters()).containsEntry("password", "s3cr@t");
        assertThat(JdbcUrl.parse("postgresql://ops@db1.example").database()).as("as libpq: the user's name")
                .isEqualTo("ops");
    }

    @Test
    void thePasswordOfAUriIsNeverShown() {
        String secret = "s3cr3t-pass";
        JdbcUrl uri = JdbcUrl.parse("postgresql://ops:" + secret + "@db1:5433/tracking?sslmode=require");
        assertThat(uri.redacted()).doesNotContain(secret).contains("password=***");
        assertThat(uri.toString()).doesNotContain(secret);
        assertThat(uri.withDatabase("drkit").toString()).doesNotContain(secret);
        assertThat(JdbcUrl.redact("DRKIT_SOURCE_URL=postgresql://ops:" + secret + "@db1/tracking")).doesNotContain(secret)
                .contains("postgresql://ops:***@db1/tracking");
        for (String bad : new String[] {"postgresql://ops:" + secret + "@/tracking",
            "postgresql://ops:" + secret + "@db1:5432/a/b", "postgresql://ops:" + secret + "@db1:x/tracking",
            "mysql://ops:" + secret + "@db1/tracking", "jdbc:postgresql://h1,h2/tracking?password=" + secret}) {
            assertThatThrownBy(() -> JdbcUrl.parse(bad)).as(bad).isInstanceOf(DrkitException.class)
                    .hasMessageNotContaining(secret);
        }
        assertThatThrownBy(() -> JdbcUrl.parse("mysql://db1/x")).hasMessageContaining("not a PostgreSQL JDBC URL")
                .hasMessageContaining("postgresql://user@host:port/database");
    }

    @Test
    void withoutAPasswordPgjdbcTakesItFromThePasswordFile() throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "db1:5433:tracking:ops:from-the-file\n*:*:*:other:wildcard\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        String before = System.getProperty("org.postgresql.pgpassfile");
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        try {
            JdbcUrl uri = JdbcUrl.parse("postgresql://ops@db1:5433/tracking");
            assertThat(uri.parameters()).containsEntry("password", "from-the-file");
            assertThat(uri.toString()).doesNotContain("from-the-file");
            assertThat(JdbcUrl.parse("jdbc:postgresql://db2:5432/x?user=other").parameters())
                    .containsEntry("password", "wildcard");
            assertThat(JdbcUrl.parse("postgresql://ops:given@db1:5433/tracking").parameters())
                    .as("a password in the URL wins").containsEntry("password", "given");
            assertThat(uri.withDatabase("postgres").parameters()).as("the file has none for that database")
                    .doesNotContainKey("password");
        } finally {
            if (before == null) {
                System.clearProperty("org.postgresql.pgpassfile");
            } else {
                System.setProperty("org.postgresql.pgpassfile", before);
            }
        }
    }

    @Test
    void aUriConnects(TestDatabase db) throws Exception {
        String uri = "postgresql://" + db.url().user() + "@" + db.url().host() + ":" + db.url().port() + "/" + db.name();
        try (Connection c = PgConnections.open(JdbcUrl.parse(uri), "test"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database(), current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.name());
            assertThat(rs.getString(2)).isEqualTo(db.url().user());
        }
    }
}

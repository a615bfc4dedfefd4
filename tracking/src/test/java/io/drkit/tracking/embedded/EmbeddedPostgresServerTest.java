package io.drkit.tracking.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.testing.ServerProbe;

class EmbeddedPostgresServerTest {

    @Test
    void startsAnswersWithLogicalDecodingAndStops(@TempDir Path dir) throws Exception {
        String url;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), true)) {
            url = server.adminUrl().url();
            assertThat(server.adminUrl().host()).isEqualTo("127.0.0.1");
            try (Connection c = DriverManager.getConnection(url);
                    ResultSet rs = c.createStatement().executeQuery("SHOW wal_level")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("logical");
            }
        }
        assertThat(ServerProbe.reachable(io.drkit.core.pg.JdbcUrl.parse(url), java.time.Duration.ofSeconds(2))).isFalse();
    }
}

package io.drkit.tracking.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.FallbackServer;
import io.drkit.core.testing.PostgresService;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

/** On a fresh machine the local server runs with wal_level=replica: such a class gets the embedded one. */
@ExtendWith(RealServices.class)
@ChangeCapture
class ChangeCaptureFallbackTest {

    @Test
    void getsDatabasesOnAServerWithLogicalDecoding(TestDatabase db, TestDatabase other) throws Exception {
        for (TestDatabase each : new TestDatabase[] {db, other}) {
            try (Connection c = each.connect(); ResultSet rs = c.createStatement().executeQuery("SHOW wal_level")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("logical");
            }
        }
        assertThat(other.url().withDatabase("postgres")).isEqualTo(db.url().withDatabase("postgres"));
        if (PostgresService.get().logicalDecoding()) {
            assertThat(PostgresService.forChangeCapture()).as("the usual server, when it is fit").isSameAs(
                    PostgresService.get());
        } else {
            assertThat(PostgresService.forChangeCapture().kind()).isEqualTo("embedded");
        }
    }

    /** Without it a machine whose server runs with wal_level=replica has no server for change capture. */
    @Test
    void theEmbeddedServerIsTheHarnessFallback() {
        assertThat(ServiceLoader.load(FallbackServer.class).findFirst()).get().isInstanceOf(EmbeddedFallbackServer.class);
    }
}

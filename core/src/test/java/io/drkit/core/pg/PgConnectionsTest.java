package io.drkit.core.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.core.error.DrkitException;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;

@ExtendWith(RealServices.class)
class PgConnectionsTest {

    @Test
    void errorsNeverQuoteRowValues(TestDatabase db) throws Exception {
        try (Connection c = PgConnections.open(db.url(), "test"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE couriers (phone text UNIQUE)");
            s.execute("INSERT INTO couriers VALUES ('+86 138 0013 8000')");

            assertThatThrownBy(() -> s.execute("INSERT INTO couriers VALUES ('+86 138 0013 8000')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("couriers_phone_key")
                    .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain("0013 8000"));
        }
    }

    @Test
    void anUnreachableServerIsAUsageErrorWithoutThePassword() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://127.0.0.1:1/tracking?user=u&password=hunter2");
        assertThatThrownBy(() -> PgConnections.open(url, "source")).isInstanceOf(DrkitException.class)
                .hasMessageContaining("cannot connect to the source database").hasMessageNotContaining("hunter2");
    }
}

package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * A replication slot left on the source fills its disk while every job says success, unless it is
 * said: a full backup that cannot drop an earlier chain's slot exits 1 naming it and the fix, and
 * {@code status} shows it, with an alert, until it is dropped. Needs a source with wal_level=logical.
 */
@ChangeCapture
@ExtendWith(RealServices.class)
class LeftoverSlotIT {

    @TempDir
    Path dir;

    @Test
    void aSlotTheBackupCannotDropIsAnErrorAndStatusShowsItUntilItIsDropped(TestDatabase source, TestDatabase catalog)
            throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(50);
        b.init();
        b.env.put("DRKIT_INCREMENTAL_ENABLED", "true");
        b.backup(); // as a superuser: the chain's slot and publication
        String slot = slots(source).get(0);
        String role = "drkit_nodrop_" + UUID.randomUUID().toString().substring(0, 8);
        List<String> alerts = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            // a role that can back up the tables but has no right to drop replication slots
            s.execute("CREATE ROLE " + role + " LOGIN");
            s.execute("GRANT USAGE ON SCHEMA tracking TO " + role);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA tracking TO " + role);
            s.execute("GRANT SELECT ON ALL SEQUENCES IN SCHEMA tracking TO " + role);
            b.env.put("DRKIT_SOURCE_URL", source.url().url().replaceFirst("user=[^&]*", "user=" + role));
            b.env.put("DRKIT_INCREMENTAL_ENABLED", "false");
            b.env.put("DRKIT_ALERTS_WEBHOOK", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");

            DrkitProcess.Result r = b.drkit("backup", "--full");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("is complete, but what earlier chains left on the source could not be removed")
                    .contains("cannot drop the replication slot " + slot)
                    .contains("SELECT pg_drop_replication_slot('" + slot + "')")
                    .contains("ALTER ROLE " + role + " REPLICATION").contains("drkit status");
            assertThat(b.list()).as("the point itself is committed").hasSize(2);
            assertThat(slots(source)).as("the slot is still there").containsExactly(slot);

            alerts.clear();
            JsonNode status = BackupFixture.JSON.readTree(b.drkit("status", "--json").stdout());
            assertThat(status.get("leftoverSlots")).anySatisfy(l -> {
                assertThat(l.get("name").asString()).isEqualTo(slot);
                assertThat(l.get("level").asString()).isEqualTo("alert");
                assertThat(l.get("message").asString()).contains("left over").contains("pg_drop_replication_slot");
            });
            assertThat(b.drkit("status").stdout()).contains("ALERT: the replication slot " + slot + " is left over");
            assertThat(alerts).as("status raises the slot alert").anySatisfy(a -> assertThat(a).contains(slot));

            s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            s.execute("DROP PUBLICATION IF EXISTS " + slotTag(slot));
            JsonNode after = BackupFixture.JSON.readTree(b.drkit("status", "--json").stdout());
            assertThat(after.get("leftoverSlots")).as("gone once dropped").isEmpty();
        } finally {
            receiver.stop(0);
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    /** {@code drkit_<hash>_<point>} → {@code drkit_<hash>}, the chain's publication. */
    private static String slotTag(String slot) {
        return slot.substring(0, "drkit_".length() + 8).toLowerCase(Locale.ROOT);
    }

    private static List<String> slots(TestDatabase source) throws IOException {
        try (Connection c = source.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT slot_name FROM pg_replication_slots "
                        + "WHERE database = current_database() ORDER BY slot_name")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
    }
}

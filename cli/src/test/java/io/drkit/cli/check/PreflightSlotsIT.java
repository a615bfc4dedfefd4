package io.drkit.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.changes.ChangeSlots;
import io.drkit.core.digest.Sha256;
import io.drkit.core.manifest.PointId;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.ChangeCapture;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/** A replication slot of the repository that no chain uses is found, and the fix it names clears it. */
@ExtendWith(RealServices.class)
@ChangeCapture
class PreflightSlotsIT {

    @TempDir
    Path dir;

    @Test
    void aLeftoverSlotIsNamedAndTheFixItGivesClearsIt(TestDatabase source, TestDatabase catalog) throws Exception {
        BackupFixture b = BackupFixture.onFiles(source, catalog, dir).seeded(20);
        b.env.put("DRKIT_SCRATCH_URL", source.url().withDatabase("postgres").url());
        b.init();
        String leftover = ChangeSlots.slotName(RepositoryIdentity.of(b.repository),
                PointId.of("20260101T000000Z-full-dead"));
        // a slot an older drkit named after the repository configured with a trailing slash
        String slashed = "drkit_" + Sha256.hex(b.repository + "/").substring(0, 8) + "_20260101t000000z_full_beef";
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_create_logical_replication_slot('" + leftover + "', 'pgoutput')");
            s.execute("SELECT pg_create_logical_replication_slot('" + slashed + "', 'pgoutput')");
        }

        DrkitProcess.Result r = b.drkit(Map.of(), "check", "--json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        JsonNode slots = PreflightIT.finding(BackupFixture.JSON.readTree(r.stdout()), "slots",
                "no leftover drkit_* replication slots");
        assertThat(slots.get("detail").asString()).contains(leftover).contains(slashed);
        assertThat(slots.get("fix").asString()).contains("drkit init --reset-slot");

        DrkitProcess.Result reset = b.drkit(Map.of(), "init", "--reset-slot");
        assertThat(reset.exitCode()).as(reset.all()).isZero();
        DrkitProcess.Result again = b.drkit(Map.of(), "check");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).contains("ok       slots: no leftover drkit_* replication slots");
    }
}

package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(RealServices.class)
class TrackingCommandsIT {

    @TempDir
    Path dir;

    @Test
    void initSeedAndSimulateThroughTheCommandLine(TestDatabase db) {
        Map<String, String> env = Map.of("DRKIT_SOURCE_URL", db.url().url());
        DrkitProcess.Result init = DrkitProcess.run(env, dir, "tracking", "init", "--json");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        assertThat(JsonSchemas.problems("tracking-init", JsonMapper.builder().build().readTree(init.stdout()))).isEmpty();

        DrkitProcess.Result seed = DrkitProcess.run(env, dir, "tracking", "seed", "--shipments", "1000", "--seed", "9",
                "--json");
        assertThat(seed.exitCode()).as(seed.stderr()).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(seed.stdout());
        assertThat(summary.get("shipments").asLong()).isEqualTo(1000);
        assertThat(summary.get("events").asLong()).isGreaterThan(3000);
        assertThat(summary.get("seed").asLong()).isEqualTo(9);
        assertThat(JsonSchemas.problems("tracking-seed", summary)).isEmpty();

        DrkitProcess.Result sim = DrkitProcess.run(env, dir, "tracking", "simulate", "--rate", "40", "--duration", "2s",
                "--json");
        assertThat(sim.exitCode()).as(sim.stderr()).isZero();
        JsonNode simulated = JsonMapper.builder().build().readTree(sim.stdout());
        assertThat(simulated.get("events").asLong()).as("scans written").isPositive();
        assertThat(JsonSchemas.problems("tracking-simulate", simulated)).isEmpty();
    }
}

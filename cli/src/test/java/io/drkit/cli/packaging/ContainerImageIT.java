package io.drkit.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.core.testing.RequiredTool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image Jib writes to a tar: named as the Kubernetes CronJobs name it, its layers unpacked one
 * over the other into a root, its entrypoint run there as its (non-root) user, with pg_dump of the
 * declared major version inside.
 */
class ContainerImageIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void theImageUnpacksAndItsEntrypointRunsAsANonRootUserWithPgDumpInside() throws Exception {
        RootFs.assumeRoot();
        Path tar = Path.of(System.getProperty("drkit.image.tar"));
        if (!Files.isRegularFile(tar)) {
            RootFs.baseRootTar(); // skips, saying why, where the image could not be built
            RequiredTool.assumeCapable(false, tar + " was not built (the image profile builds it)");
        }
        Path image = Files.createDirectories(dir.resolve("image"));
        assertThat(RootFs.exec(List.of("tar", "-xf", tar.toString(), "-C", image.toString()), Map.of()).exitCode()).isZero();
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        JsonNode config = JSON.readTree(image.resolve(manifest.get("Config").asString()).toFile()).get("config");

        String name = System.getProperty("drkit.image");
        assertThat(manifest.get("RepoTags").get(0).asString()).isEqualTo(name);
        assertThat(name).as("the image the rendered CronJobs run").isEqualTo(kubernetesImage());

        String user = config.get("User").asString();
        assertThat(user).isEqualTo(System.getProperty("drkit.image.uid") + ":" + System.getProperty("drkit.image.uid"));
        assertThat(user.split(":")[0]).as("not root").isNotEqualTo("0");
        assertThat(config.get("Labels").get("io.drkit.pg-dump-major").asString())
                .isEqualTo(System.getProperty("drkit.image.pg-major"));

        List<Path> layers = new ArrayList<>();
        manifest.get("Layers").forEach(l -> layers.add(image.resolve(l.asString())));
        RootFs root = RootFs.unpack(dir.resolve("root"), layers);

        Map<String, String> env = new LinkedHashMap<>();
        config.get("Env").forEach(e -> {
            String[] kv = e.asString().split("=", 2);
            env.put(kv[0], kv[1]);
        });
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(e -> entrypoint.add(e.asString()));
        entrypoint.add("--version");
        RootFs.Result version = root.run(user, env, entrypoint.toArray(String[]::new));
        assertThat(version.exitCode()).as(version.all()).isZero();
        assertThat(version.stdout().strip()).isEqualTo("drkit " + System.getProperty("drkit.version"));

        RootFs.Result whoami = root.run(user, env, "id", "-un");
        assertThat(whoami.stdout().strip()).isEqualTo("drkit");
        RootFs.Result pgDump = root.run(user, env, "pg_dump", "--version");
        assertThat(pgDump.exitCode()).as(pgDump.all()).isZero();
        assertThat(pgDump.stdout()).startsWith("pg_dump (PostgreSQL) " + System.getProperty("drkit.image.pg-major") + ".");
    }

    /** The image the CronJobs of {@code drkit schedule print --format k8s} run. */
    private String kubernetesImage() {
        DrkitProcess.Result r = DrkitProcess.run(Map.of(), dir, "schedule", "print", "--format", "k8s");
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> images = r.stdout().lines().map(String::strip).filter(l -> l.startsWith("image: "))
                .map(l -> l.substring("image: ".length())).toList();
        assertThat(images).hasSize(5).containsOnly(images.get(0));
        return images.get(0);
    }
}

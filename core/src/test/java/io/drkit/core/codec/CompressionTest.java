package io.drkit.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.error.DrkitException;

/** Parts are plain zstd, gzip or xz files: the standard tools read them, which the break-glass path relies on. */
class CompressionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"zstd, 3, zstd", "zstd, 19, zstd", "gzip, 6, gzip", "xz, 1, xz"})
    void theStandardToolReadsWhatDrkitWrote(String label, int level, String tool) throws Exception {
        Compression c = Compression.of(label);
        byte[] plain = "1\tPARCEL-1\tAnna\t2026-11-25 10:00:00+00\n".repeat(20_000).getBytes();
        Path file = dir.resolve("part" + c.suffix());
        try (OutputStream out = c.compress(Files.newOutputStream(file), level)) {
            out.write(plain);
        }
        assertThat(Files.size(file)).isLessThan(plain.length / 10);

        Process p = new ProcessBuilder(tool, "-d", "-c", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] decoded = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(decoded).isEqualTo(plain);

        try (InputStream in = c.decompress(Files.newInputStream(file))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
    }

    @Test
    void noneLeavesTheBytesAlone() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = Compression.NONE.compress(sink, 0)) {
            out.write("abc".getBytes());
        }
        assertThat(sink.toString()).isEqualTo("abc");
    }

    @Test
    void unknownNamesAndLevelsOutOfRangeAreUsageErrors() {
        assertThatThrownBy(() -> Compression.of("lz4")).isInstanceOf(DrkitException.class).hasMessageContaining("zstd");
        assertThatThrownBy(() -> Compression.ZSTD.checkLevel(25)).isInstanceOf(DrkitException.class)
                .hasMessageContaining("between 1 and 19");
    }
}

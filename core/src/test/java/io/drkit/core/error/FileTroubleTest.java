package io.drkit.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file system refused, in words an operator reads, never a Java class name. */
class FileTroubleTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileOrADirectoryIsSaidInWords() {
        IOException missing = thrown(() -> Files.readAllBytes(dir.resolve("none")));
        assertThat(missing).isInstanceOf(NoSuchFileException.class);
        assertThat(FileTrouble.reason(missing)).isEqualTo("no such file or directory");
        assertThat(FileTrouble.said(missing)).isEqualTo(dir.resolve("none") + ": no such file or directory");

        IOException directory = thrown(() -> Files.readAllBytes(dir));
        assertThat(FileTrouble.reason(directory)).doesNotContain("Exception").isNotBlank();
        assertThat(FileTrouble.reason(new AccessDeniedException("/etc/drkit/key")))
                .startsWith("permission denied (user ");
        assertThat(FileTrouble.said(new IllegalStateException("x"))).isNull();
    }

    interface Io {
        void run() throws IOException;
    }

    private static IOException thrown(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("no IOException");
    }
}

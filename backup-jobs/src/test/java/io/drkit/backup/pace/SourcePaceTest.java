package io.drkit.backup.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.junit.jupiter.api.Test;

class SourcePaceTest {

    private static final double MIB = 1 << 20;

    @Test
    void everyByteTheWorkersWriteIsCountedAndPassedOnUnchanged() throws IOException {
        SourcePace pace = SourcePace.unlimited();
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream first = pace.wrap(a); OutputStream second = pace.wrap(b)) {
            first.write("tracking\n".getBytes());
            second.write('x');
            second.write("abc".getBytes(), 1, 2);
        }

        assertThat(a.toString()).isEqualTo("tracking\n");
        assertThat(b.toString()).isEqualTo("xbc");
        assertThat(pace.bytesRead()).as("shared by the workers").isEqualTo(12);
        assertThat(pace.rate()).as("nothing to pay without a ceiling or a slowdown").isNull();
    }

    @Test
    void aSlowdownStaysBetweenTheFloorAndTheCeilingAndAReleaseGoesBackToTheCeiling() {
        SourcePace pace = new SourcePace((long) (50 * MIB));
        assertThat(pace.rate()).isEqualTo(50 * MIB);

        pace.slowTo(200 * MIB);
        assertThat(pace.rate()).as("never above drkit.backup.max-rate").isEqualTo(50 * MIB);
        pace.slowTo(1000);
        assertThat(pace.rate()).as("never so slow that the backup never ends").isEqualTo(SourcePace.FLOOR_BYTES_PER_SECOND);
        pace.release();
        assertThat(pace.rate()).isEqualTo(50 * MIB);
    }

    @Test
    void withoutACeilingAReleaseEndsThePacing() {
        SourcePace pace = SourcePace.unlimited();
        pace.slowTo(10 * MIB);
        assertThat(pace.rate()).isEqualTo(10 * MIB);

        pace.release();

        assertThat(pace.rate()).isNull();
    }
}

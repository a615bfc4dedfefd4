package io.drkit.backup.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillingOutputTest {

    @TempDir
    Path dir;

    @Test
    void smallPartsStayInMemoryAndLargeOnesOrAnOverBudgetOneGoToTheirFile() throws Exception {
        SpillingOutput.Budget budget = new SpillingOutput.Budget(100);
        SpillingOutput small = new SpillingOutput(dir.resolve("small"), 64, budget);
        small.write(new byte[40], 0, 40);
        assertThat(small.spilled()).isFalse();
        assertThat(dir.resolve("small")).doesNotExist();

        SpillingOutput large = new SpillingOutput(dir.resolve("large"), 64, budget);
        large.write(new byte[50], 0, 50);
        large.write(bytes(20, 7), 0, 20);
        assertThat(large.spilled()).as("past its threshold").isTrue();
        large.close();
        assertThat(Files.size(dir.resolve("large"))).isEqualTo(70);
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        large.copyTo(copied);
        assertThat(copied.toByteArray()).hasSize(70).endsWith(bytes(20, 7));

        // 40 of 100 in memory: a third part spills once it would pass the run's budget, below its own threshold
        SpillingOutput third = new SpillingOutput(dir.resolve("third"), 1000, budget);
        third.write(new byte[60], 0, 60);
        assertThat(third.spilled()).isFalse();
        third.write(new byte[10], 0, 10);
        assertThat(third.spilled()).isTrue();
        small.release();
        large.release();
        assertThat(dir.resolve("large")).doesNotExist();
    }

    private static byte[] bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}

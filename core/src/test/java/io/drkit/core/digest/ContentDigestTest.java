package io.drkit.core.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.drkit.core.error.DrkitException;

class ContentDigestTest {

    private static final String ROWS = "1\tAnna\t+49 30 1234\n2\tBo\t\\N\n3\t\u674e\u96f7 \ud83d\udce6\tx\\ty\n";

    /** What drkit wrote into manifests for {@link #ROWS} before the algorithm was recorded (computed then). */
    private static final String ROWS_SHA256_SUM = "633bdec4594458714e00d24de9d02108709850ef8bfba0163a4604562ef2e3e5";

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void rowOrderDoesNotMatterButEveryByteOfARowDoes(DigestAlgorithm a) {
        String reordered = "3\t\u674e\u96f7 \ud83d\udce6\tx\\ty\n1\tAnna\t+49 30 1234\n2\tBo\t\\N\n";
        String changed = "1\tAnna\t+49 30 1235\n2\tBo\t\\N\n3\t\u674e\u96f7 \ud83d\udce6\tx\\ty\n";

        assertThat(digest(a, reordered)).isEqualTo(digest(a, ROWS));
        assertThat(digest(a, changed)).as("one changed row").isNotEqualTo(digest(a, ROWS));
        assertThat(digest(a, "1\tAnna\t+49 30 1234\n2\tBo\t\\N\n")).as("a missing row").isNotEqualTo(digest(a, ROWS));
        assertThat(digest(a, ROWS + "2\tBo\t\\N\n")).as("a duplicated row").isNotEqualTo(digest(a, ROWS));
        assertThat(digest(a, "1\ta\n1\ta\n")).as("a row twice").isNotEqualTo(digest(a, "1\ta\n"));
    }

    @Test
    void theNewDigestCatchesAChangedAMissingAndADuplicatedRowInATableOfManyRows() {
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            table.append(i).append("\tCN").append(100_000_000 + i).append("\tarrived\t2026-01-01 00:00:").append(i % 60)
                    .append("+00\n");
        }
        String whole = table.toString();
        String changed = whole.replace("\tCN100004321\t", "\tCN100004322\t");
        String missing = whole.replace("4321\tCN100004321\tarrived\t2026-01-01 00:00:1+00\n", "");
        String duplicated = whole + "4321\tCN100004321\tarrived\t2026-01-01 00:00:1+00\n";
        assertThat(missing).hasSizeLessThan(whole.length());

        String expected = digest(DigestAlgorithm.CURRENT, whole);
        assertThat(DigestAlgorithm.CURRENT).isEqualTo(DigestAlgorithm.XXH3_128_SUM);
        assertThat(digest(DigestAlgorithm.CURRENT, changed)).as("one changed row").isNotEqualTo(expected);
        assertThat(digest(DigestAlgorithm.CURRENT, missing)).as("one missing row").isNotEqualTo(expected);
        assertThat(digest(DigestAlgorithm.CURRENT, duplicated)).as("one duplicated row").isNotEqualTo(expected);
    }

    @Test
    void pointsWrittenBeforeTheAlgorithmWasRecordedKeepTheirDigests() {
        assertThat(DigestAlgorithm.of(null)).isEqualTo(DigestAlgorithm.SHA256_SUM);
        assertThat(digest(DigestAlgorithm.of(null), ROWS)).isEqualTo(ROWS_SHA256_SUM);
        assertThat(digest(DigestAlgorithm.XXH3_128_SUM, ROWS)).isNotEqualTo(ROWS_SHA256_SUM);
    }

    @Test
    void manifestsNameTheAlgorithm() {
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            assertThat(DigestAlgorithm.of(a.manifestName())).isEqualTo(a);
        }
        assertThat(DigestAlgorithm.CURRENT.manifestName()).isEqualTo("xxh3-128-sum");
        assertThatThrownBy(() -> DigestAlgorithm.of("blake3-sum")).isInstanceOf(DrkitException.class)
                .hasMessageContaining("upgrade drkit");
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void partsCombineIntoTheWholeTablesDigestHoweverTheyAreSplit(DigestAlgorithm a) {
        String first = "1\tAnna\t+49 30 1234\n";
        String rest = "2\tBo\t\\N\n3\t\u674e\u96f7 \ud83d\udce6\tx\\ty\n";

        assertThat(ContentDigest.combine(digest(a, rest), digest(a, first))).isEqualTo(digest(a, ROWS));
        assertThat(ContentDigest.combine(ContentDigest.empty(), digest(a, ROWS))).isEqualTo(digest(a, ROWS));
        assertThat(digest(a, "")).isEqualTo(ContentDigest.empty());
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void countsRowsAndBytesWhateverTheWriteSizes(DigestAlgorithm a) {
        ContentDigest d = new ContentDigest(a);
        byte[] b = ROWS.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            d.write(x);
        }
        d.close();

        assertThat(d.rows()).isEqualTo(3);
        assertThat(d.bytes()).isEqualTo(b.length);
        assertThat(d.hex()).isEqualTo(digest(a, ROWS));
    }

    /** A row split between two writes (as buffers cut it) hashes as the same row in one write. */
    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void aRowCutBetweenWritesAnywhereGivesTheSameDigest(DigestAlgorithm a) {
        String rows = ROWS + "4\t" + "x".repeat(300) + "\n5\tlast row without a newline";
        byte[] b = rows.getBytes(StandardCharsets.UTF_8);
        String whole = digest(a, rows);
        for (int cut = 0; cut <= b.length; cut++) {
            ContentDigest d = new ContentDigest(a);
            d.write(b, 0, cut);
            d.write(b, cut, b.length - cut);
            d.close();
            assertThat(d.hex()).as("cut at %d", cut).isEqualTo(whole);
            assertThat(d.rows()).isEqualTo(5);
        }
    }

    private static String digest(DigestAlgorithm a, String copyText) {
        ContentDigest d = new ContentDigest(a);
        byte[] b = copyText.getBytes(StandardCharsets.UTF_8);
        d.write(b, 0, b.length);
        d.close();
        return d.hex();
    }
}

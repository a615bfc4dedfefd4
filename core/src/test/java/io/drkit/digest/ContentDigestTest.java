package io.drkit.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ContentDigestTest {

    private static final String ROWS = "1\tAnna\t+49 30 1234\n2\tBo\t\\N\n3\t\u674e\u96f7 \ud83d\udce6\tx\\ty\n";

    @Test
    void rowOrderDoesNotMatterButEveryByteOfARowDoes() {
        String reordered = "3\t\u674e\u96f7 \ud83d\udce6\tx\\ty\n1\tAnna\t+49 30 1234\n2\tBo\t\\N\n";
        String changed = "1\tAnna\t+49 30 1235\n2\tBo\t\\N\n3\t\u674e\u96f7 \ud83d\udce6\tx\\ty\n";

        assertThat(digest(reordered)).isEqualTo(digest(ROWS));
        assertThat(digest(changed)).isNotEqualTo(digest(ROWS));
        assertThat(digest("1\tAnna\t+49 30 1234\n2\tBo\t\\N\n")).as("a missing row").isNotEqualTo(digest(ROWS));
    }

    @Test
    void partsCombineIntoTheWholeTablesDigestHoweverTheyAreSplit() {
        String first = "1\tAnna\t+49 30 1234\n";
        String rest = "2\tBo\t\\N\n3\t\u674e\u96f7 \ud83d\udce6\tx\\ty\n";

        assertThat(ContentDigest.combine(digest(rest), digest(first))).isEqualTo(digest(ROWS));
        assertThat(ContentDigest.combine(ContentDigest.empty(), digest(ROWS))).isEqualTo(digest(ROWS));
    }

    @Test
    void countsRowsAndBytesWhateverTheWriteSizes() {
        ContentDigest d = new ContentDigest();
        byte[] b = ROWS.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            d.write(x);
        }
        d.close();

        assertThat(d.rows()).isEqualTo(3);
        assertThat(d.bytes()).isEqualTo(b.length);
        assertThat(d.hex()).isEqualTo(digest(ROWS));
    }

    @Test
    void aDuplicatedRowChangesTheDigest() {
        assertThat(digest("1\ta\n1\ta\n")).isNotEqualTo(digest("1\ta\n"));
    }

    private static String digest(String copyText) {
        ContentDigest d = new ContentDigest();
        byte[] b = copyText.getBytes(StandardCharsets.UTF_8);
        d.write(b, 0, b.length);
        d.close();
        return d.hex();
    }
}

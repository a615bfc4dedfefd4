package io.drkit.backup;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Splits COPY text whose rows are led by a tier flag ({@code t\t} hot, {@code f\t} cold; see
 * SnapshotWorker#copyTiered) into the two tiers' streams, the flag removed. COPY text escapes newlines
 * inside values, so every {@code \n} ends a row.
 */
final class TierSplit extends OutputStream {

    private final OutputStream hot;
    private final OutputStream cold;
    private OutputStream current;
    private int flagBytesLeft = 2;

    TierSplit(OutputStream hot, OutputStream cold) {
        this.hot = hot;
        this.cold = cold;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (flagBytesLeft > 0) {
                if (flagBytesLeft == 2) {
                    current = b[i] == 't' ? hot : cold;
                }
                flagBytesLeft--;
                i++;
                continue;
            }
            int row = i;
            while (i < end && b[i] != '\n') {
                i++;
            }
            if (i < end) {
                i++;
                flagBytesLeft = 2;
            }
            current.write(b, row, i - row);
        }
    }
}

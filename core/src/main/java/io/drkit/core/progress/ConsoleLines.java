package io.drkit.core.progress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * drkit's stderr, where progress and log lines go. Written to a file or a pipe (cron appends it to a
 * log), every line starts with its ISO-8601 UTC time in milliseconds; on a terminal, a line printed
 * while the progress bar is drawn first clears the bar's line, so the two never run together (the bar
 * redraws itself below the line at its next tick). A line that is a JSON document (Spring Boot's
 * structured logging) is left as it is, for the collector that parses it.
 */
public final class ConsoleLines extends OutputStream {

    /** Always three decimals, so that the lines of a log align. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] CLEAR_LINE = "\r\033[2K".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final boolean terminal;
    private final Clock clock;
    private boolean atLineStart = true;
    private boolean barDrawn;

    ConsoleLines(OutputStream out, boolean terminal, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Replaces {@link System#err} for the rest of the process. */
    public static void install() {
        PrintStream err = System.err;
        System.setErr(new PrintStream(new ConsoleLines(err, System.console() != null, Clock.systemUTC()), true,
                StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (terminal) {
            // the bar draws with a leading carriage return and never ends its line
            if (b[off] == '\r') {
                barDrawn = true;
            } else if (barDrawn && atLineStart) {
                out.write(CLEAR_LINE);
                barDrawn = false;
            }
            out.write(b, off, len);
            atLineStart = b[off + len - 1] == '\n' || b[off] == '\r';
            return;
        }
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (atLineStart) {
                out.write(b, start, i - start);
                start = i;
                // a structured log event (one JSON document per line) carries its own time
                if (b[i] != '{') {
                    out.write(stamp());
                }
                atLineStart = false;
            }
            if (b[i] == '\n') {
                atLineStart = true;
            }
        }
        out.write(b, start, off + len - start);
    }

    private byte[] stamp() {
        return (STAMP.format(Instant.now(clock)) + " ").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }
}

package io.drkit.pg;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes rows in PostgreSQL's COPY text format: tab-separated, {@code \N} for NULL, and backslash
 * escapes for the characters that would otherwise end a field or a row.
 */
public final class CopyTextWriter {

    private final Writer out;
    private boolean rowStarted;

    public CopyTextWriter(Writer out) {
        this.out = out;
    }

    public CopyTextWriter text(String value) throws IOException {
        separator();
        if (value == null) {
            out.write("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
        return this;
    }

    /** A value whose text form cannot contain characters that need escaping (numbers, dates, enums). */
    public CopyTextWriter plain(Object value) throws IOException {
        separator();
        out.write(value == null ? "\\N" : value.toString());
        return this;
    }

    public CopyTextWriter bytea(byte[] value) throws IOException {
        separator();
        if (value == null) {
            out.write("\\N");
            return this;
        }
        // bytea hex form; the backslash itself is escaped for the COPY layer.
        out.write("\\\\x");
        out.write(java.util.HexFormat.of().formatHex(value));
        return this;
    }

    public void endRow() throws IOException {
        out.write('\n');
        rowStarted = false;
    }

    private void separator() throws IOException {
        if (rowStarted) {
            out.write('\t');
        }
        rowStarted = true;
    }
}

package io.drkit.core.pg;

import java.io.IOException;

/**
 * Writes rows in PostgreSQL's COPY text format: tab-separated, {@code \N} for NULL, and backslash
 * escapes for the characters that would otherwise end a field or a row.
 */
public final class CopyTextWriter {

    private final Appendable out;
    private boolean rowStarted;

    /**
     * @param out a {@link java.io.Writer}, or a {@link StringBuilder} for one row at a time: a
     *        {@link java.io.StringWriter} takes a lock per character, which a change stream of many
     *        rows pays for
     */
    public CopyTextWriter(Appendable out) {
        this.out = out;
    }

    public CopyTextWriter text(String value) throws IOException {
        separator();
        if (value == null) {
            out.append("\\N");
            return this;
        }
        // the runs between characters that need escaping go out whole
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            String escaped = switch (value.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null) {
                out.append(value, run, i).append(escaped);
                run = i + 1;
            }
        }
        out.append(value, run, value.length());
        return this;
    }

    /** A value whose text form cannot contain characters that need escaping (numbers, dates, enums). */
    public CopyTextWriter plain(Object value) throws IOException {
        separator();
        out.append(value == null ? "\\N" : value.toString());
        return this;
    }

    public CopyTextWriter bytea(byte[] value) throws IOException {
        separator();
        if (value == null) {
            out.append("\\N");
            return this;
        }
        // bytea hex form; the backslash itself is escaped for the COPY layer.
        out.append("\\\\x");
        out.append(java.util.HexFormat.of().formatHex(value));
        return this;
    }

    public void endRow() throws IOException {
        out.append('\n');
        rowStarted = false;
    }

    private void separator() throws IOException {
        if (rowStarted) {
            out.append('\t');
        }
        rowStarted = true;
    }
}

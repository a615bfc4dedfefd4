package io.drkit.core.changes;

import java.util.BitSet;

/**
 * A row's values as pgoutput sends them: text in the type's output format, null for NULL.
 *
 * @param unchanged columns whose TOASTed value an update left as it was, and so did not send
 */
public record Tuple(String[] values, BitSet unchanged) {}

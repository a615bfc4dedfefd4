package io.drkit.core.changes;

import java.io.IOException;
import java.time.Instant;

/** Receives the changes of committed transactions, in commit order. */
public interface ChangeSink {

    /**
     * One row change.
     *
     * @param op {@code I} insert, {@code U} update (the new row), {@code D} delete (the old row's key
     *     columns; the rest null). An update that changes a row's key arrives as {@code D} of the old
     *     key followed by {@code U} of the new row.
     */
    void row(Relation table, String commitLsn, Instant committed, char op, Tuple tuple) throws IOException;

    void truncate(Relation table, String commitLsn, Instant committed) throws IOException;

    /** A transaction with changes to the published tables ended. */
    void committed(String commitLsn, Instant committed);
}

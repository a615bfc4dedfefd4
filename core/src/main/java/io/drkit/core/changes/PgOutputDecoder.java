package io.drkit.core.changes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.replication.LogSequenceNumber;

/**
 * Decodes the messages of the {@code pgoutput} plugin, protocol version 1 (PostgreSQL's "Logical
 * Replication Message Formats"): only committed transactions, whole, in commit order.
 */
final class PgOutputDecoder {

    /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final Map<Integer, Relation> relations = new HashMap<>();
    private final ChangeSink sink;
    private String commitLsn;
    private Instant committed;

    PgOutputDecoder(ChangeSink sink) {
        this.sink = sink;
    }

    /** The commit LSN of the transaction being decoded, or null between transactions. */
    String openTransaction() {
        return commitLsn;
    }

    /**
     * @return for a BEGIN, the transaction's commit LSN (so the reader can stop before it); otherwise null
     */
    LogSequenceNumber peekBegin(ByteBuffer message) {
        if (message.get(message.position()) != 'B') {
            return null;
        }
        return LogSequenceNumber.valueOf(message.getLong(message.position() + 1));
    }

    void decode(ByteBuffer m) throws IOException {
        char type = (char) m.get();
        switch (type) {
            case 'B' -> {
                commitLsn = LogSequenceNumber.valueOf(m.getLong()).asString();
                committed = time(m.getLong());
            }
            case 'C' -> {
                sink.committed(commitLsn, committed);
                commitLsn = null;
                committed = null;
            }
            case 'R' -> {
                Relation r = relation(m);
                relations.put(r.oid(), r);
            }
            case 'I' -> {
                Relation r = relations.get(m.getInt());
                m.get(); // 'N'
                sink.row(r, commitLsn, committed, 'I', tuple(m));
            }
            case 'U' -> update(m);
            case 'D' -> {
                Relation r = relations.get(m.getInt());
                m.get(); // 'K' (key) or 'O' (whole old row)
                sink.row(r, commitLsn, committed, 'D', keyOnly(r, tuple(m)));
            }
            case 'T' -> {
                int n = m.getInt();
                m.get(); // CASCADE / RESTART IDENTITY flags: the cascaded tables arrive in the list themselves
                for (int i = 0; i < n; i++) {
                    sink.truncate(relations.get(m.getInt()), commitLsn, committed);
                }
            }
            default -> {
                // origin, type and logical messages carry nothing a restore needs
            }
        }
    }

    private void update(ByteBuffer m) throws IOException {
        Relation r = relations.get(m.getInt());
        byte kind = m.get();
        Tuple old = null;
        if (kind == 'K' || kind == 'O') {
            old = keyOnly(r, tuple(m));
            kind = m.get();
        }
        Tuple now = tuple(m);
        if (old != null && !sameKey(r, old, now)) {
            sink.row(r, commitLsn, committed, 'D', old);
        }
        sink.row(r, commitLsn, committed, 'U', now);
    }

    private static boolean sameKey(Relation r, Tuple a, Tuple b) {
        for (int i = 0; i < r.columns().size(); i++) {
            if (r.key().get(i) && !java.util.Objects.equals(a.values()[i], b.values()[i])) {
                return false;
            }
        }
        return true;
    }

    /** The key columns of an old row; the rest are not part of a delete. */
    private static Tuple keyOnly(Relation r, Tuple t) {
        String[] values = new String[t.values().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.key().get(i) ? t.values()[i] : null;
        }
        return new Tuple(values, new BitSet());
    }

    private static Relation relation(ByteBuffer m) {
        int oid = m.getInt();
        String schema = string(m);
        String name = string(m);
        char identity = (char) m.get();
        int n = m.getShort();
        List<String> columns = new ArrayList<>(n);
        List<Boolean> key = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            key.add((m.get() & 1) != 0);
            columns.add(string(m));
            m.getInt(); // type oid
            m.getInt(); // type modifier
        }
        return new Relation(oid, schema, name, identity, List.copyOf(columns), List.copyOf(key));
    }

    private static Tuple tuple(ByteBuffer m) {
        int n = m.getShort();
        String[] values = new String[n];
        BitSet unchanged = new BitSet();
        for (int i = 0; i < n; i++) {
            char kind = (char) m.get();
            switch (kind) {
                case 'n' -> values[i] = null;
                case 'u' -> unchanged.set(i);
                case 't' -> {
                    byte[] b = new byte[m.getInt()];
                    m.get(b);
                    values[i] = new String(b, StandardCharsets.UTF_8);
                }
                default -> throw new IllegalStateException("pgoutput sent a column of kind '" + kind
                        + "'; drkit reads the text format only");
            }
        }
        return new Tuple(values, unchanged);
    }

    private static String string(ByteBuffer m) {
        int start = m.position();
        int end = start;
        while (m.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - start];
        m.get(b);
        m.get(); // the terminating zero
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Instant time(long pgMicros) {
        long micros = pgMicros + PG_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}

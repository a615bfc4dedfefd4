package io.drkit.backup.incremental;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;

import io.drkit.core.digest.ContentDigest;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.TableTrouble;

/**
 * Row counts and content digests of the tables as they stand at an incremental point, read from the
 * source under the point's own snapshot: independent of the change stream, so that a restore of the
 * chain is compared with the source, not with drkit's idea of it. Only what changed is read: a table
 * without changes keeps its parent's figures, one that only gained rows adds those rows (read by
 * key), and only a table where existing rows changed, or that changed since the last point with
 * digests, is read whole. A point without digests reads nothing: its changed tables get the row
 * count the stream gives (see TableChanges#rowsAfter).
 */
final class StateDigests {

    private static final int KEYS_PER_READ = 5_000;

    private StateDigests() {}

    /** The read of one table at the point: rows and digest, and whether it was read whole. */
    record TableState(TableEntry entry, boolean readWhole) {}

    /**
     * @param digests whether the point records content digests; without, a changed table gets the row
     *     count the stream gives and no digest, and nothing is read from the source
     * @param algorithm the chain's digest algorithm, which the parent's digests were built with
     */
    static List<TableState> at(Connection snapshot, List<TableEntry> parent, ChangeCapture capture, boolean digests,
            DigestAlgorithm algorithm) {
        List<TableState> states = new ArrayList<>();
        for (TableEntry t : parent) {
            String label = t.schema() + "." + t.name();
            TableChanges changes = capture.changes(label);
            try {
                if (changes == null && (t.proven() || !digests)) {
                    states.add(new TableState(entry(t, t.rows(), t.digest()), false));
                } else if (!digests) {
                    states.add(new TableState(entry(t, changes.rowsAfter(t.rows()), null), false));
                } else if (changes == null || changes.readWhole() || !t.proven()) {
                    // a table changed since the last point with digests: no digest to build on
                    ContentDigest d = copy(snapshot, algorithm, "COPY " + qualified(t) + " ("
                            + Identifiers.quoteAll(t.columns()) + ") TO STDOUT");
                    states.add(new TableState(entry(t, d.rows(), d.hex()), true));
                } else {
                    states.add(withAdded(snapshot, algorithm, t, changes));
                }
            } catch (SQLException e) {
                throw TableTrouble.explain(label, e);
            }
        }
        return states;
    }

    /** The parent's figures plus the rows the point's changes added, read by key. */
    private static TableState withAdded(Connection snapshot, DigestAlgorithm algorithm, TableEntry t,
            TableChanges changes) throws SQLException {
        long rows = t.rows();
        String digest = t.digest();
        List<List<String>> keys = new ArrayList<>(changes.added());
        List<String> names = changes.keyNames();
        List<String> types = new ArrayList<>();
        for (String name : names) {
            types.add(type(snapshot, t, name));
        }
        for (int i = 0; i < keys.size(); i += KEYS_PER_READ) {
            ContentDigest d = copy(snapshot, algorithm, byKeys(t, names, types,
                    keys.subList(i, Math.min(keys.size(), i + KEYS_PER_READ))));
            rows += d.rows();
            digest = ContentDigest.combine(digest, d.hex());
        }
        return new TableState(entry(t, rows, digest), false);
    }

    private static TableEntry entry(TableEntry t, long rows, String digest) {
        return new TableEntry(t.schema(), t.name(), t.partitionRoot(), t.columns(), rows, digest, List.of());
    }

    private static String qualified(TableEntry t) {
        return Identifiers.quote(t.schema()) + "." + Identifiers.quote(t.name());
    }

    private static ContentDigest copy(Connection c, DigestAlgorithm algorithm, String sql) throws SQLException {
        ContentDigest d = new ContentDigest(algorithm);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, d);
        } catch (IOException e) {
            throw DrkitException.failed("reading the source at the point failed: " + JdbcUrl.redact(e.getMessage()), e);
        }
        d.close();
        return d;
    }

    /** The rows with these keys, as COPY text; the keys go in as array literals (COPY takes no parameters). */
    private static String byKeys(TableEntry t, List<String> names, List<String> types, List<List<String>> keys) {
        List<String> arrays = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            int column = k;
            String literal = keys.stream().map(key -> arrayElement(key.get(column)))
                    .collect(Collectors.joining(",", "{", "}"));
            arrays.add(Identifiers.literal(literal) + "::text[]::" + types.get(k) + "[]");
        }
        return "COPY (SELECT " + Identifiers.quoteAll(t.columns()) + " FROM ONLY " + qualified(t) + " WHERE ("
                + Identifiers.quoteAll(names) + ") IN (SELECT * FROM unnest(" + String.join(", ", arrays) + "))) TO STDOUT";
    }

    private static String arrayElement(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String type(Connection c, TableEntry t, String column) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                + "WHERE attrelid = ?::regclass AND attname = ?")) {
            s.setString(1, qualified(t));
            s.setString(2, column);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

package io.drkit.restore;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;

import io.drkit.core.digest.VerifiedInputStream;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest.ChangePart;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.Identifiers;

/**
 * Applies a table's change parts, all of a chain at once, set-wise: the changes are loaded into a
 * temporary table, the last change of each row decides its final state, and the table gets one
 * DELETE of every row that changed and one INSERT of their final versions. A table without its
 * indexes yet (they come after, with the post-data) is scanned once, not once per change.
 */
final class ChangeApplier {

    private static final String CHANGES = "drkit_changes";
    private static final String FINAL = "drkit_final";

    private ChangeApplier() {}

    /**
     * @param until apply only transactions that committed at or before it; null for all
     * @return change rows applied
     */
    static long apply(Connection c, ActiveRestore r, TableEntry table, List<ChangePart> parts, Instant until)
            throws Exception {
        List<String> keyColumns = parts.get(0).rowKey();
        String target = Identifiers.quote(table.schema()) + "." + Identifiers.quote(table.name());
        String columns = Identifiers.quoteAll(table.columns());
        String key = Identifiers.quoteAll(keyColumns);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE " + CHANGES + " ON COMMIT DROP AS SELECT NULL::pg_lsn AS drkit_lsn, "
                    + "NULL::bigint AS drkit_seq, NULL::timestamptz AS drkit_committed, NULL::text AS drkit_op, "
                    + "NULL::int[] AS drkit_unchanged, " + columns + " FROM ONLY " + target + " WITH NO DATA");
        }
        long loaded = 0;
        for (ChangePart p : parts) {
            try (InputStream raw = r.repository().store().open(p.key())) {
                VerifiedInputStream verified = new VerifiedInputStream(raw, p.bytes(), p.sha256(), p.key());
                try (InputStream plain = r.codec().decode(verified, r.encrypted(), p.key())) {
                    long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + CHANGES + " FROM STDIN", plain,
                            1 << 16);
                    if (rows != p.rows()) {
                        throw DrkitException.integrity(p.key() + " holds " + rows + " change rows, but its manifest gives "
                                + p.rows());
                    }
                    loaded += rows;
                    verified.finish();
                }
            }
        }
        try (Statement s = c.createStatement()) {
            if (until != null) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM " + CHANGES + " WHERE drkit_committed > ?")) {
                    d.setTimestamp(1, Timestamp.from(until));
                    loaded -= d.executeUpdate();
                }
            }
            // a truncate empties the table: what came before it no longer matters
            try (ResultSet rs = s.executeQuery("SELECT drkit_lsn::text, drkit_seq FROM " + CHANGES
                    + " WHERE drkit_op = 'T' ORDER BY drkit_lsn DESC, drkit_seq DESC LIMIT 1")) {
                if (rs.next()) {
                    String lsn = rs.getString(1);
                    long seq = rs.getLong(2);
                    try (Statement t = c.createStatement()) {
                        t.execute("TRUNCATE ONLY " + target);
                        t.execute("DELETE FROM " + CHANGES + " WHERE (drkit_lsn, drkit_seq) <= ("
                                + Identifiers.literal(lsn) + "::pg_lsn, " + seq + ")");
                    }
                }
            }
            s.execute("CREATE TEMP TABLE " + FINAL + " ON COMMIT DROP AS SELECT DISTINCT ON (" + key + ") * FROM "
                    + CHANGES + " ORDER BY " + key + ", drkit_lsn DESC, drkit_seq DESC");
            fillUnchanged(c, target, table, keyColumns);
            boolean onlyInserts;
            try (ResultSet rs = s.executeQuery("SELECT bool_and(drkit_op = 'I') FROM " + CHANGES)) {
                rs.next();
                onlyInserts = rs.getBoolean(1) || rs.wasNull();
            }
            if (!onlyInserts) {
                s.execute("DELETE FROM ONLY " + target + " t USING (SELECT DISTINCT " + key + " FROM " + CHANGES
                        + ") k WHERE (" + qualifiedAll("t", keyColumns) + ") = (" + qualifiedAll("k", keyColumns) + ")");
            }
            s.execute("INSERT INTO " + target + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + columns + " FROM "
                    + FINAL + " WHERE drkit_op <> 'D'");
            s.execute("DROP TABLE " + FINAL + ", " + CHANGES);
        }
        return loaded;
    }

    /**
     * An update that left a TOASTed value alone did not send it: the value is the row's latest one
     * before that update, from an earlier change or else from the row as it was.
     */
    private static void fillUnchanged(Connection c, String target, TableEntry table, List<String> keyColumns)
            throws SQLException {
        List<Integer> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT unnest(drkit_unchanged) FROM "
                + FINAL + " WHERE drkit_op <> 'D'")) {
            while (rs.next()) {
                columns.add(rs.getInt(1));
            }
        }
        if (columns.isEmpty()) {
            return;
        }
        String keyOf = "(" + qualifiedAll("f", keyColumns) + ")";
        for (int i : columns) {
            String column = Identifiers.quote(table.columns().get(i));
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE " + FINAL + " f SET " + column + " = COALESCE((SELECT e." + column + " FROM " + CHANGES
                        + " e WHERE (" + qualifiedAll("e", keyColumns) + ") = " + keyOf + " AND e.drkit_op <> 'D' "
                        + "AND NOT COALESCE(e.drkit_unchanged @> ARRAY[" + i + "], false) "
                        + "AND (e.drkit_lsn, e.drkit_seq) < (f.drkit_lsn, f.drkit_seq) "
                        + "ORDER BY e.drkit_lsn DESC, e.drkit_seq DESC LIMIT 1), (SELECT t." + column + " FROM ONLY "
                        + target + " t WHERE (" + qualifiedAll("t", keyColumns) + ") = " + keyOf + ")) "
                        + "WHERE f.drkit_op <> 'D' AND f.drkit_unchanged @> ARRAY[" + i + "]");
            }
        }
    }

    private static String qualifiedAll(String alias, List<String> columns) {
        return columns.stream().map(col -> alias + "." + Identifiers.quote(col)).collect(Collectors.joining(", "));
    }
}

package io.drkit.standby;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;

import io.drkit.core.digest.ContentDigest;
import io.drkit.core.digest.DigestAlgorithm;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.SchemaFingerprint;
import io.drkit.core.pg.SessionSettings;

/**
 * Proves a point on the standby, in the transaction that applied it: each table the point touched
 * read back (rendered as at backup time) and compared with the point's row count and, where the
 * point has one, content digest; then the tables' shapes against the point's schema fingerprint.
 * The first difference is the answer, naming the table, never a row.
 */
final class PointProof {

    private PointProof() {}

    /**
     * The tables a point's proof reads: those it touched and, at a point with digests, those its
     * parent had only counted (changed at points taken without digests, {@code drkit.incremental.digests}):
     * their content is proven here, at the first point after them that has digests.
     */
    static Collection<TableEntry> tablesToProve(Manifest point, Manifest parent, Collection<TableEntry> touched) {
        if (!point.hasDigests() || parent == null) {
            return touched;
        }
        Set<String> counted = parent.tables().stream().filter(t -> !t.proven()).map(PointProof::label)
                .collect(Collectors.toSet());
        Map<String, TableEntry> tables = new LinkedHashMap<>();
        touched.forEach(t -> tables.put(label(t), t));
        point.tables().stream().filter(t -> counted.contains(label(t))).forEach(t -> tables.putIfAbsent(label(t), t));
        return tables.values();
    }

    private static String label(TableEntry t) {
        return t.schema() + "." + t.name();
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM ONLY " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** @return what differs, naming the table; empty when the standby holds the point */
    static Optional<String> check(Connection c, Manifest point, Collection<TableEntry> tables)
            throws SQLException, IOException {
        SessionSettings.applyCanonicalOutput(c);
        // the point's own hash: an incremental point names its chain's, a point from before the field the SHA-256 sum
        DigestAlgorithm algorithm = DigestAlgorithm.of(point.digestAlgorithm());
        for (TableEntry t : tables) {
            String table = Identifiers.quote(t.schema()) + "." + Identifiers.quote(t.name());
            if (t.digest() == null) {
                // a point taken without digests (drkit.incremental.digests) is proven by its row counts alone:
                // counting is a scan, where a digest is a scan that copies out and hashes every row
                long rows = count(c, table);
                if (rows != t.rows()) {
                    return Optional.of("table " + label(t) + " holds " + rows + " rows, but point " + point.pointId()
                            + " has " + t.rows());
                }
                continue;
            }
            ContentDigest digest = new ContentDigest(algorithm);
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT " + Identifiers.quoteAll(t.columns()) + " FROM ONLY " + table + ") TO STDOUT", digest);
            digest.close();
            String label = label(t);
            if (digest.rows() != t.rows()) {
                return Optional.of("table " + label + " holds " + digest.rows() + " rows, but point " + point.pointId()
                        + " has " + t.rows());
            }
            if (!t.digest().equals(digest.hex())) {
                return Optional.of("table " + label + " has the row count of point " + point.pointId()
                        + " but not its content digest");
            }
        }
        Map<String, String> expected = point.schema() == null ? null : point.schema().fingerprint();
        if (expected != null) {
            Map<String, String> actual = new TreeMap<>(SchemaFingerprint.of(c, List.of()));
            actual.keySet().removeIf(table -> table.startsWith(StandbyLedger.SCHEMA + "."));
            List<String> differences = SchemaFingerprint.differences(expected, actual);
            if (!differences.isEmpty()) {
                return Optional.of("schema of point " + point.pointId() + ": " + differences.get(0));
            }
        }
        return Optional.empty();
    }
}
